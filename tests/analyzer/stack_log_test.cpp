// StackLog: the stack of an access by its epoch.
#include "stack_log.hpp"

#include <gtest/gtest.h>

namespace gorace::analyzer {
namespace {

TEST(StackLog, EmptyLogFindsNothing) {
  StackLog log;
  StackId s = 7;
  EXPECT_FALSE(log.find(1, s));
  EXPECT_EQ(s, 7u);
}

TEST(StackLog, AnEntryCoversEpochsUpToTheNext) {
  StackLog log;
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
  StackLog log;
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

}  // namespace
}  // namespace gorace::analyzer
