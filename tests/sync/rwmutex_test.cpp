// gor::RWMutex: writer exclusion, concurrent readers, writer preference,
// try variants, std::shared_lock, and the fatal misuse errors.
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <shared_mutex>

#include "gor/gor.hpp"

namespace {

TEST(RWMutex, WritersExcludeEachOtherAndReaders) {
  constexpr int kWriters = 8, kIncrements = 10'000;
  long counter = 0;
  std::atomic<int> writers_inside{0}, readers_inside{0};
  std::atomic<bool> violated{false};
  gor::main([&] {
    gor::RWMutex rw;
    gor::WaitGroup wg;
    for (int g = 0; g < kWriters; ++g) {
      wg.go([&] {
        for (int i = 0; i < kIncrements; ++i) {
          std::unique_lock<gor::RWMutex> lock(rw);
          if (writers_inside.fetch_add(1) != 0 || readers_inside.load() != 0) violated = true;
          const long seen = counter;
          if (i % 64 == 0) gor::yield();  // invites the others into the critical section
          counter = seen + 1;
          writers_inside.fetch_sub(1);
        }
      });
    }
    for (int g = 0; g < 4; ++g) {
      wg.go([&] {
        for (int i = 0; i < 2'000; ++i) {
          std::shared_lock<gor::RWMutex> lock(rw);
          readers_inside.fetch_add(1);
          if (writers_inside.load() != 0) violated = true;
          if (i % 16 == 0) gor::yield();
          if (writers_inside.load() != 0) violated = true;
          readers_inside.fetch_sub(1);
        }
      });
    }
    wg.wait();
  });
  EXPECT_FALSE(violated.load());
  EXPECT_EQ(counter, long{kWriters} * kIncrements);
}

// Two readers hold the lock at the same time: each waits, while holding it,
// for the other to arrive.
TEST(RWMutex, ReadersShareTheLock) {
  gor::main([] {
    gor::RWMutex rw;
    auto a_in = gor::make_chan<int>(), b_in = gor::make_chan<int>();
    gor::WaitGroup wg;
    wg.go([&] {
      std::shared_lock<gor::RWMutex> lock(rw);
      a_in.send(1);
      b_in.recv();
    });
    wg.go([&] {
      std::shared_lock<gor::RWMutex> lock(rw);
      a_in.recv();
      b_in.send(1);
    });
    wg.wait();
  });
}

// Go's writer preference: a writer blocked in lock() stops new readers.
TEST(RWMutex, WaitingWriterBlocksNewReaders) {
  gor::main([] {
    gor::RWMutex rw;
    gor::WaitGroup wg;  // keeps rw alive until both goroutines are out of it
    rw.lock_shared();
    auto writer_in = gor::make_chan<int>(1);
    wg.go([&] {
      rw.lock();
      writer_in.send(1);
      rw.unlock();
    });
    // Once the writer waits in lock(), try_lock_shared fails (before, it succeeds).
    while (rw.try_lock_shared()) {
      rw.unlock_shared();
      gor::sleep(std::chrono::milliseconds(1));
    }
    EXPECT_EQ(writer_in.len(), 0u);  // our read lock still holds the writer off
    auto reader_in = gor::make_chan<int>(1);
    wg.go([&] {
      rw.lock_shared();  // queues behind the writer
      reader_in.send(1);
      rw.unlock_shared();
    });
    gor::sleep(std::chrono::milliseconds(20));
    EXPECT_EQ(writer_in.len(), 0u);
    EXPECT_EQ(reader_in.len(), 0u);
    rw.unlock_shared();
    writer_in.recv();
    reader_in.recv();
    wg.wait();
  });
}

TEST(RWMutex, TryVariants) {
  gor::main([] {
    gor::RWMutex rw;
    EXPECT_TRUE(rw.try_lock_shared());
    EXPECT_TRUE(rw.try_lock_shared());
    EXPECT_FALSE(rw.try_lock());
    rw.unlock_shared();
    rw.unlock_shared();
    EXPECT_TRUE(rw.try_lock());
    EXPECT_FALSE(rw.try_lock());
    EXPECT_FALSE(rw.try_lock_shared());
    rw.unlock();
    EXPECT_TRUE(rw.try_lock_shared());
    rw.unlock_shared();
  });
}

TEST(RWMutexDeathTest, UnlockSharedOfUnlockedIsFatal) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(gor::main([] {
                gor::RWMutex rw;
                rw.unlock_shared();
              }),
              testing::ExitedWithCode(2), "fatal error: sync: RUnlock of unlocked RWMutex");
}

TEST(RWMutexDeathTest, UnlockOfUnlockedIsFatal) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(gor::main([] {
                gor::RWMutex rw;
                rw.unlock();
              }),
              testing::ExitedWithCode(2), "fatal error: sync: Unlock of unlocked RWMutex");
}

TEST(RWMutexDeathTest, UnlockSharedWhileWriteLockedIsFatal) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(gor::main([] {
                gor::RWMutex rw;
                rw.lock();
                rw.unlock_shared();
              }),
              testing::ExitedWithCode(2), "fatal error: sync: RUnlock of unlocked RWMutex");
}

}  // namespace
