// StackLog: the stack of an access by its epoch.
#include "stack_log.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

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

// A reader on another thread while the writer appends, wraps the ring and
// grows it: every stack found is the one appended for that epoch (a found
// entry overwritten during the search would name a later one). The writer
// goes on until the reader has searched a while.
TEST(StackLog, ConcurrentReaderNeverFindsAWrongStack) {
  for (uint32_t capacity : {8u, 1024u}) {
    StackLog log(capacity);
    std::atomic<uint32_t> appended{0};
    std::atomic<uint64_t> searches{0};
    std::atomic<bool> done{false};
    std::thread writer([&] {
      for (uint32_t i = 1; i < (1u << 30) && searches.load(std::memory_order_relaxed) < 50000;
           i++) {
        log.append(2 * i, i);
        appended.store(i, std::memory_order_release);
      }
      done.store(true, std::memory_order_release);
    });
    uint64_t wrong = 0, found = 0;
    while (!done.load(std::memory_order_acquire)) {
      const uint32_t last = appended.load(std::memory_order_acquire);
      for (uint32_t back = 0; back < 12 && back < last; back++) {
        StackId s = 0;
        const uint32_t i = last - back;
        searches.fetch_add(1, std::memory_order_relaxed);
        if (log.find(2 * i + 1, s)) {
          found++;
          if (s != i) wrong++;
        }
      }
    }
    writer.join();
    EXPECT_EQ(wrong, 0u) << "capacity " << capacity;
    EXPECT_GT(found, 0u) << "capacity " << capacity;
  }
}

}  // namespace
}  // namespace gorace::analyzer
