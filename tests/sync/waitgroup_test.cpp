// gor::WaitGroup: waiting for goroutines, wg.go, reuse, misuse panics.
#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "gor/gor.hpp"

namespace {

TEST(WaitGroup, WaitsForAllGoroutines) {
  std::atomic<int> finished{0};
  int seen_by_waiter = -1;
  gor::main([&] {
    gor::WaitGroup wg;
    for (int i = 0; i < 100; ++i) {
      wg.add(1);
      gor::go([&] {
        gor::yield();
        finished.fetch_add(1);
        wg.done();
      });
    }
    wg.wait();
    seen_by_waiter = finished.load();
  });
  EXPECT_EQ(seen_by_waiter, 100);
}

TEST(WaitGroup, GoRunsFunctionWithArguments) {
  std::atomic<int> sum{0};
  gor::main([&] {
    gor::WaitGroup wg;
    for (int i = 1; i <= 10; ++i) wg.go([&sum](int v) { sum.fetch_add(v); }, i);
    wg.wait();
    EXPECT_EQ(sum.load(), 55);
  });
}

// As a joined std::thread's: the goroutine's copies of f and its arguments
// are destroyed before done(), so what their destructors do (here, after a
// sleep that parks the goroutine) happens before wait() returns.
TEST(WaitGroup, GoDestroysItsCopiesBeforeDone) {
  struct SlowToDie {
    std::atomic<int>* died;
    explicit SlowToDie(std::atomic<int>* d) : died(d) {}
    SlowToDie(const SlowToDie& o) : died(o.died) {}
    ~SlowToDie() {
      if (died == nullptr) return;
      gor::sleep(std::chrono::milliseconds(5));
      died->fetch_add(1);
    }
  };
  std::atomic<int> died{0};
  int died_at_wait = -1;
  gor::main([&] {
    gor::WaitGroup wg;
    SlowToDie arg(nullptr);
    SlowToDie captured(&died);
    wg.go([captured] {});                              // the closure's copy
    wg.go([](const SlowToDie&) {}, SlowToDie(&died));  // the argument's copy
    (void)arg;
    wg.wait();
    died_at_wait = died.load();
  });
  EXPECT_GE(died_at_wait, 2);
}

TEST(WaitGroup, WaitOnZeroReturnsAndManyWaitersWake) {
  gor::main([] {
    gor::WaitGroup wg;
    wg.wait();  // counter is zero
    wg.add(1);
    gor::WaitGroup waiters;
    std::atomic<int> woke{0};
    for (int i = 0; i < 5; ++i) {
      waiters.go([&] {
        wg.wait();
        woke.fetch_add(1);
      });
    }
    gor::sleep(std::chrono::milliseconds(10));
    EXPECT_EQ(woke.load(), 0);
    wg.done();
    waiters.wait();
    EXPECT_EQ(woke.load(), 5);
  });
}

TEST(WaitGroup, ReusableAfterWaitReturns) {
  gor::main([] {
    gor::WaitGroup wg;
    for (int round = 0; round < 20; ++round) {
      std::atomic<int> n{0};
      for (int i = 0; i < 4; ++i) wg.go([&] { n.fetch_add(1); });
      wg.wait();
      EXPECT_EQ(n.load(), 4);
    }
  });
}

// A WaitGroup on the waiter's stack dies as soon as wait() returns; the
// done() that released it must not touch it afterwards (its semaphore's
// waiters live in a global table, as Go's). Many threads, each waiting for
// one goroutine, make the releaser lose its CPU right after the release:
// this crashed or corrupted memory in about half the runs.
TEST(WaitGroup, StackWaitGroupDiesRightAfterWait) {
  gor::main([] {
    for (int round = 0; round < 20; ++round) {
      std::vector<std::thread> threads;
      for (int i = 0; i < 200; ++i) {
        threads.emplace_back([] {
          std::atomic<int> ran{0};
          gor::WaitGroup wg;
          wg.go([&ran] { ran.store(1); });
          wg.wait();
          EXPECT_EQ(ran.load(), 1);
        });
      }
      gor::blocking([&] {  // joining on the worker would block the goroutines it waits for
        for (std::thread& t : threads) t.join();
      });
    }
  });
}

TEST(WaitGroup, NegativeCounterPanics) {
  std::string message;
  gor::main([&] {
    gor::WaitGroup wg;
    try {
      wg.done();
    } catch (const gor::Panic& p) {
      message = p.what();
    }
  });
  EXPECT_EQ(message, "sync: negative WaitGroup counter");
}

TEST(WaitGroupDeathTest, UnrecoveredNegativeCounterExits2) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(gor::main([] {
                gor::WaitGroup wg;
                wg.add(1);
                wg.add(-2);
              }),
              testing::ExitedWithCode(2), "panic: sync: negative WaitGroup counter");
}

TEST(WaitGroupDeathTest, WaitWithoutDoneIsADeadlock) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(gor::main([] {
                gor::WaitGroup wg;
                wg.add(1);
                wg.wait();
              }),
              testing::ExitedWithCode(2), "fatal error: all goroutines are asleep - deadlock!");
}

}  // namespace
