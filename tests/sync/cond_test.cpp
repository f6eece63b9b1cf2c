// gor::Cond: signal wakes exactly one waiter, broadcast wakes all, and a
// producer/consumer queue built on it.
#include <gtest/gtest.h>

#include <atomic>
#include <deque>
#include <mutex>

#include "gor/gor.hpp"

namespace {

// Starts `n` goroutines that each wait once on `cond` (with `waiting` counting
// the ones that are waiting) and count themselves in `woken` when released.
void start_waiters(int n, gor::Mutex& mu, gor::Cond& cond, int& waiting, std::atomic<int>& woken,
                   gor::WaitGroup& wg) {
  for (int i = 0; i < n; ++i) {
    wg.go([&] {
      std::unique_lock<gor::Mutex> lock(mu);
      ++waiting;
      cond.wait();
      woken.fetch_add(1);
    });
  }
}

// Yields until all `n` waiters are inside wait() (they registered under the mutex).
void await_waiting(int n, gor::Mutex& mu, int& waiting) {
  for (;;) {
    {
      std::lock_guard<gor::Mutex> lock(mu);
      if (waiting == n) return;
    }
    gor::sleep(std::chrono::milliseconds(1));
  }
}

TEST(Cond, SignalWakesOneWaiter) {
  gor::main([] {
    gor::Mutex mu;
    gor::Cond cond(mu);
    int waiting = 0;
    std::atomic<int> woken{0};
    gor::WaitGroup wg;
    start_waiters(3, mu, cond, waiting, woken, wg);
    await_waiting(3, mu, waiting);
    for (int expected = 1; expected <= 3; ++expected) {
      cond.signal();
      while (woken.load() < expected) gor::sleep(std::chrono::milliseconds(1));
      gor::sleep(std::chrono::milliseconds(5));  // no second waiter follows
      EXPECT_EQ(woken.load(), expected);
    }
    wg.wait();
  });
}

TEST(Cond, BroadcastWakesAllWaiters) {
  gor::main([] {
    gor::Mutex mu;
    gor::Cond cond(mu);
    int waiting = 0;
    std::atomic<int> woken{0};
    gor::WaitGroup wg;
    start_waiters(10, mu, cond, waiting, woken, wg);
    await_waiting(10, mu, waiting);
    cond.broadcast();
    wg.wait();
    EXPECT_EQ(woken.load(), 10);
  });
}

TEST(Cond, SignalWithoutWaitersIsNotRemembered) {
  gor::main([] {
    gor::Mutex mu;
    gor::Cond cond(mu);
    cond.signal();
    cond.broadcast();
    EXPECT_EQ(&cond.mutex(), &mu);
  });
}

TEST(Cond, ProducerConsumerQueue) {
  constexpr int kItems = 5'000;
  long sum = 0;
  gor::main([&] {
    gor::Mutex mu;
    gor::Cond not_empty(mu);
    std::deque<int> queue;
    bool closed = false;
    gor::WaitGroup consumers;
    for (int c = 0; c < 4; ++c) {
      consumers.go([&] {
        std::unique_lock<gor::Mutex> lock(mu);
        for (;;) {
          while (queue.empty() && !closed) not_empty.wait();
          if (queue.empty()) return;
          sum += queue.front();
          queue.pop_front();
        }
      });
    }
    for (int i = 1; i <= kItems; ++i) {
      std::lock_guard<gor::Mutex> lock(mu);
      queue.push_back(i);
      not_empty.signal();
    }
    {
      std::lock_guard<gor::Mutex> lock(mu);
      closed = true;
    }
    not_empty.broadcast();
    consumers.wait();
  });
  EXPECT_EQ(sum, long{kItems} * (kItems + 1) / 2);
}

}  // namespace
