// gor::Mutex: exclusion, try_lock, standard lock adaptors, use from plain
// threads, starvation freedom and the unlock-of-unlocked fatal error.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

#include "gor/gor.hpp"

namespace {

TEST(Mutex, ExcludesEightGoroutines) {
  constexpr int kGoroutines = 8, kIncrements = 10'000;
  long counter = 0;
  std::atomic<int> inside{0};
  bool overlap = false;
  gor::main([&] {
    gor::Mutex mu;
    gor::WaitGroup wg;
    for (int g = 0; g < kGoroutines; ++g) {
      wg.go([&] {
        for (int i = 0; i < kIncrements; ++i) {
          mu.lock();
          if (inside.fetch_add(1) != 0) overlap = true;
          const long seen = counter;
          // Yielding inside the critical section lets the others try to
          // enter it, even with one processor.
          if (i % 64 == 0) gor::yield();
          counter = seen + 1;
          inside.fetch_sub(1);
          mu.unlock();
        }
      });
    }
    wg.wait();
  });
  EXPECT_FALSE(overlap);
  EXPECT_EQ(counter, long{kGoroutines} * kIncrements);
}

// Each worker thread counts the runtime spinlocks it holds (a goroutine is
// never switched out while it holds one). A contended lock parks and may
// resume on another thread: the count it then adjusts must be that
// thread's, not the one it parked on (the TLS address was kept in a
// register across the park, and the counts drifted: later, a goroutine
// preempted inside the timer heap's lock hung every worker).
TEST(Mutex, ParkingKeepsTheSpinlockCountsOfEachThreadExact) {
  std::atomic<long> wrong{0};
  gor::main([&] {
    gor::Mutex mu;
    long counter = 0;
    gor::WaitGroup wg;
    for (int g = 0; g < 8; ++g) {
      wg.go([&] {
        for (int i = 0; i < 5000; ++i) {
          mu.lock();
          ++counter;
          if (i % 64 == 0) {  // held a while, so that waiters park
            const auto until = std::chrono::steady_clock::now() + std::chrono::microseconds(5);
            while (std::chrono::steady_clock::now() < until) {
            }
          }
          mu.unlock();
          if (gor::detail::spinlocks_held() != 0) wrong.fetch_add(1);
        }
      });
    }
    wg.wait();
    EXPECT_EQ(counter, 8 * 5000);
  });
  EXPECT_EQ(wrong.load(), 0);
}

TEST(Mutex, TryLock) {
  gor::main([] {
    gor::Mutex mu;
    EXPECT_TRUE(mu.try_lock());
    EXPECT_FALSE(mu.try_lock());
    // Another goroutine cannot take it either.
    auto result = gor::make_chan<bool>();
    gor::go([&] { result.send(mu.try_lock()); });
    EXPECT_FALSE(result.recv());
    mu.unlock();
    gor::go([&] { result.send(mu.try_lock()); });
    EXPECT_TRUE(result.recv());
    mu.unlock();  // unlocking from another goroutine than the locker is allowed (Go)
  });
}

TEST(Mutex, WorksWithStandardLockAdaptors) {
  gor::main([] {
    gor::Mutex a, b;
    {
      std::lock_guard<gor::Mutex> guard(a);
      EXPECT_FALSE(a.try_lock());
    }
    {
      std::unique_lock<gor::Mutex> lock(a, std::try_to_lock);
      EXPECT_TRUE(lock.owns_lock());
    }
    {
      std::scoped_lock both(a, b);
      EXPECT_FALSE(b.try_lock());
    }
    EXPECT_TRUE(a.try_lock());
    EXPECT_TRUE(b.try_lock());
    a.unlock();
    b.unlock();
  });
}

TEST(Mutex, BlockedLockParksAndWakes) {
  gor::main([] {
    gor::Mutex mu;
    gor::WaitGroup wg;  // keeps mu alive until the goroutine is out of it
    mu.lock();
    auto acquired = gor::make_chan<int>(1);
    wg.go([&] {
      mu.lock();
      acquired.send(1);
      mu.unlock();
    });
    gor::sleep(std::chrono::milliseconds(20));  // the goroutine is parked in lock()
    EXPECT_EQ(acquired.len(), 0u);
    mu.unlock();
    EXPECT_EQ(acquired.recv(), 1);
    wg.wait();
  });
}

// A goroutine competing with one that relocks the mutex continually still
// gets it (liveness; a waiter parked over 1 ms makes the mutex hand off).
TEST(Mutex, WaiterIsNotStarved) {
  // Go's TestMutexFairness: the hammer relocks at once after each unlock,
  // so without starvation mode (hand-off once a waiter waited 1 ms) the
  // waiter, woken but not yet running, would find the mutex taken every time.
  gor::main([] {
    gor::Mutex mu;
    auto stop = gor::make_chan<int>();
    auto hammer_done = gor::make_chan<int>();
    gor::go([&mu, stop, hammer_done] {
      for (;;) {
        mu.lock();
        gor::sleep(std::chrono::microseconds(100));
        mu.unlock();
        if (gor::select(gor::recv(stop), gor::default_case()) == 0) break;
      }
      hammer_done.close();
    });
    auto done = gor::make_chan<int>(1);
    gor::go([&mu, done] {
      for (int i = 0; i < 10; ++i) {
        gor::sleep(std::chrono::microseconds(100));
        mu.lock();
        mu.unlock();
      }
      done.send(1);
    });
    const int first = gor::select(gor::recv(done), gor::recv(gor::after(std::chrono::seconds(10))));
    EXPECT_EQ(first, 0) << "the waiter could not take the mutex in 10 s";
    stop.close();
    hammer_done.recv();
  });
}

// Critical sections longer than the 1 ms starvation threshold switch the
// mutex to hand-off mode; exclusion and progress must hold through it.
TEST(Mutex, ExclusionThroughStarvationMode) {
  std::atomic<int> inside{0};
  bool overlap = false;
  int entries = 0;
  gor::main([&] {
    gor::Mutex mu;
    gor::WaitGroup wg;
    for (int g = 0; g < 4; ++g) {
      wg.go([&] {
        for (int i = 0; i < 15; ++i) {
          std::lock_guard<gor::Mutex> lock(mu);
          if (inside.fetch_add(1) != 0) overlap = true;
          ++entries;
          gor::sleep(std::chrono::microseconds(700));  // the others park and starve
          inside.fetch_sub(1);
        }
      });
    }
    // Meanwhile a goroutine hammering try_lock/lock must not break the hand-off.
    wg.go([&] {
      for (int i = 0; i < 200; ++i) {
        if (mu.try_lock()) {
          if (inside.fetch_add(1) != 0) overlap = true;
          ++entries;
          inside.fetch_sub(1);
          mu.unlock();
        }
        gor::sleep(std::chrono::microseconds(50));
      }
    });
    wg.wait();
  });
  EXPECT_FALSE(overlap);
  EXPECT_GE(entries, 60);
}

// Threads that are not running goroutines can use a Mutex too (they sleep
// instead of parking), mixed with goroutines. The main goroutine polls with
// sleep: the deadlock detector does not count plain threads as a source of
// wake-ups, so every goroutine parked on a lock held by a thread would look
// like a deadlock (see gor/mutex.hpp).
TEST(Mutex, UsableFromPlainThreads) {
  gor::Mutex mu;
  long counter = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < 2; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 20'000; ++i) {
        std::lock_guard<gor::Mutex> guard(mu);
        ++counter;
      }
    });
  }
  gor::main([&] {
    std::atomic<int> finished{0};
    for (int g = 0; g < 4; ++g) {
      gor::go([&] {
        for (int i = 0; i < 20'000; ++i) {
          std::lock_guard<gor::Mutex> guard(mu);
          ++counter;
        }
        finished.fetch_add(1);
      });
    }
    while (finished.load() < 4) gor::sleep(std::chrono::milliseconds(1));
  });
  for (auto& t : threads) t.join();
  EXPECT_EQ(counter, 6 * 20'000);
}

TEST(MutexDeathTest, UnlockOfUnlockedMutexIsFatal) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(gor::main([] {
                gor::Mutex mu;
                mu.unlock();
              }),
              testing::ExitedWithCode(2), "fatal error: sync: unlock of unlocked mutex");
}

TEST(MutexDeathTest, DoubleUnlockIsFatal) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(gor::main([] {
                gor::Mutex mu;
                mu.lock();
                mu.unlock();
                mu.unlock();
              }),
              testing::ExitedWithCode(2), "fatal error: sync: unlock of unlocked mutex");
}

// Relocking a held mutex parks forever: the deadlock detector sees it.
TEST(MutexDeathTest, LockCycleIsADeadlock) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(gor::main([] {
                gor::Mutex mu;
                mu.lock();
                mu.lock();
              }),
              testing::ExitedWithCode(2), "fatal error: all goroutines are asleep - deadlock!");
}

}  // namespace
