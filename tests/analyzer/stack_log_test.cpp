// StackLog: the stack of an access by its epoch.
#include "stack_log.hpp"

#include <gtest/gtest.h>

namespace gorace::analyzer {
namespace {

TEST(StackLog, EmptyLogFindsNothing) {
  StackLog log(1u << 20);
  StackId s = 7;
  EXPECT_FALSE(log.find(1, s));
  EXPECT_EQ(s, 7u);
}

TEST(StackLog, AnEntryCoversEpochsUpToTheNext) {
  StackLog log(1u << 20);
  log.append(5, 50);
  log.append(9, 90);
  StackId s = 0;
  EXPECT_FALSE(log.find(4, s));
  ASSERT_TRUE(log.find(5, s));
  EXPECT_EQ(s, 50u);
  ASSERT_TRUE(log.find(8, s));
  EXPECT_EQ(s, 50u);
  ASSERT_TRUE(log.find(9, s));
  EXPECT_EQ(s, 90u);
  ASSERT_TRUE(log.find(1000, s));
  EXPECT_EQ(s, 90u);
}

TEST(StackLog, ManyEntriesAcrossBlocks) {
  StackLog log(1u << 20);
  for (uint32_t i = 1; i <= 100000; i++) log.append(3 * i, i);
  for (uint32_t i = 1; i <= 100000; i += 997) {
    StackId s = 0;
    ASSERT_TRUE(log.find(3 * i, s));
    EXPECT_EQ(s, i);
    ASSERT_TRUE(log.find(3 * i + 2, s));
    EXPECT_EQ(s, i);
    if (i == 1) {
      EXPECT_FALSE(log.find(2, s));
    } else {
      ASSERT_TRUE(log.find(3 * i - 1, s));
      EXPECT_EQ(s, i - 1);
    }
  }
}

// Past its capacity the log keeps the newest entries: epochs they cover are
// still found, older ones are not (no wrong stack is ever returned).
TEST(StackLog, KeepsTheNewestEntries) {
  StackLog log(16);
  for (uint32_t i = 1; i <= 100; i++) log.append(10 * i, i);
  StackId s = 0;
  for (uint32_t i = 1; i <= 100; i++) {
    bool kept = i > 100 - 16;
    ASSERT_EQ(log.find(10 * i + 5, s), kept) << i;
    if (kept) EXPECT_EQ(s, i);
  }
  EXPECT_FALSE(log.find(5, s));
}

// The capacity is rounded up to a power of two, at least 4.
TEST(StackLog, CapacityIsRoundedUp) {
  StackLog log(5);
  for (uint32_t i = 1; i <= 20; i++) log.append(i, i);
  StackId s = 0;
  EXPECT_TRUE(log.find(13, s));
  EXPECT_FALSE(log.find(12, s));
}

}  // namespace
}  // namespace gorace::analyzer
