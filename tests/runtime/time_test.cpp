// Timers: sleep, after, Timer stop/reset, after_func, Ticker.
#include <gtest/gtest.h>

#include <atomic>
#include <climits>
#include <memory>

#include "gor/gor.hpp"

namespace {

using namespace std::chrono_literals;

TEST(Time, SleepLastsAtLeastTheDuration) {
  gor::main([] {
    auto t0 = gor::now();
    gor::sleep(10ms);
    EXPECT_GE(gor::now() - t0, 10ms);
    gor::sleep(0ms);
    gor::sleep(-5ms);
  });
}

TEST(Time, ManySleepersWakeUp) {
  gor::main([] {
    auto done = gor::make_chan<int>(100);
    for (int i = 0; i < 100; ++i)
      gor::go([=] {
        gor::sleep(std::chrono::microseconds(100 * (i % 10)));
        done.send(1);
      });
    for (int i = 0; i < 100; ++i) done.recv();
  });
}

TEST(Time, AfterTimesOutASelect) {
  gor::main([] {
    auto never = gor::make_chan<int>();
    auto t0 = gor::now();
    gor::Time fired;
    int idx =
        gor::select(gor::recv(never), gor::recv(gor::after(5ms), [&](gor::Time t) { fired = t; }));
    EXPECT_EQ(idx, 1);
    EXPECT_GE(fired - t0, 5ms);
  });
}

TEST(Time, TimerStopBeforeFiring) {
  gor::main([] {
    gor::Timer t = gor::new_timer(20ms);
    EXPECT_TRUE(t.stop());
    EXPECT_FALSE(t.stop());
    int idx = gor::select(gor::recv(t.c), gor::recv(gor::after(40ms)));
    EXPECT_EQ(idx, 1);  // the stopped timer never sends
  });
}

TEST(Time, TimerFiresOnceAndResetRearms) {
  gor::main([] {
    gor::Timer t = gor::new_timer(1ms);
    t.c.recv();
    EXPECT_FALSE(t.stop());  // already fired
    auto t0 = gor::now();    // before reset: it fires 2 ms after the reset, not after now()
    EXPECT_FALSE(t.reset(2ms));
    gor::Time when = t.c.recv();
    EXPECT_GE(when - t0, 2ms);
    EXPECT_FALSE(t.reset(1h));
    EXPECT_TRUE(t.reset(1ms));  // was armed for an hour
    t.c.recv();
  });
}

TEST(Time, ResetDiscardsStaleValue) {
  gor::main([] {
    gor::Timer t = gor::new_timer(1ms);
    gor::sleep(5ms);  // fired into the channel, not received
    t.reset(30ms);
    EXPECT_EQ(t.c.len(), 0u);
  });
}

// Go 1.23: a timer that fired but whose value nobody received had not
// delivered it yet, so stop and reset report it active (`if !t.Stop()`
// code then does not wait for a value that will never come).
TEST(Time, AFiredUnreceivedTimerCountsAsActive) {
  gor::main([] {
    gor::Timer t = gor::new_timer(1ms);
    gor::sleep(5ms);
    EXPECT_TRUE(t.stop());
    EXPECT_FALSE(t.stop());
    gor::Timer u = gor::new_timer(1ms);
    gor::sleep(5ms);
    EXPECT_TRUE(u.reset(1h));
    EXPECT_TRUE(u.stop());
  });
}

// Go's messages for zero-value timers; a zero Ticker's stop does nothing.
TEST(Time, ZeroValueTimersPanicAsGo) {
  gor::main([] {
    auto message = [](auto&& f) -> std::string {
      try {
        f();
      } catch (const gor::Panic& p) {
        return p.what();
      }
      return "no panic";
    };
    EXPECT_EQ(message([] { gor::Timer{}.stop(); }), "time: Stop called on uninitialized Timer");
    EXPECT_EQ(message([] { gor::Timer{}.reset(1ms); }),
              "time: Reset called on uninitialized Timer");
    EXPECT_EQ(message([] { gor::Ticker{}.reset(1ms); }),
              "time: Reset called on uninitialized Ticker");
    EXPECT_EQ(message([] { gor::Ticker{}.stop(); }), "no panic");
  });
}

TEST(Time, AfterFuncRunsInItsOwnGoroutine) {
  gor::main([] {
    auto out = gor::make_chan<uint64_t>(1);
    gor::Timer t = gor::after_func(1ms, [out] { out.send(gor::goid()); });
    EXPECT_TRUE(t.c.is_nil());
    uint64_t id = out.recv();
    EXPECT_NE(id, 1u);
    std::atomic<bool> ran{false};
    gor::Timer s = gor::after_func(10ms, [&] { ran = true; });
    EXPECT_TRUE(s.stop());
    gor::sleep(20ms);
    EXPECT_FALSE(ran.load());
  });
}

TEST(Time, AfterFuncTakesAMoveOnlyCallable) {
  gor::main([] {
    auto out = gor::make_chan<int>(1);
    auto value = std::make_unique<int>(7);
    gor::Timer t = gor::after_func(1ms, [out, v = std::move(value)] { out.send(*v); });
    EXPECT_EQ(out.recv(), 7);
  });
}

// As Go's AfterFunc, every firing calls the one func value: a reset timer
// calls the same callable again, not a fresh copy of it.
TEST(Time, AfterFuncCallsTheSameCallableOnEachFiring) {
  gor::main([] {
    auto out = gor::make_chan<int>(1);
    gor::Timer t = gor::after_func(1ms, [out, calls = 0]() mutable { out.send(++calls); });
    EXPECT_EQ(out.recv(), 1);
    EXPECT_FALSE(t.reset(1ms));
    EXPECT_EQ(out.recv(), 2);
  });
}

// The lifetime rule of the shared callable: it lives while a firing's
// goroutine runs it, even when the Timer is gone, and is destroyed once
// both are done.
TEST(Time, AfterFuncCallableOutlivesItsTimerWhileRunning) {
  gor::main([] {
    auto alive = std::make_shared<int>(0);
    std::weak_ptr<int> watch = alive;
    auto started = gor::make_chan<int>();
    auto proceed = gor::make_chan<int>();
    {
      gor::Timer t = gor::after_func(1ms, [=, keep = std::move(alive)] {
        started.send(0);
        proceed.recv();
        EXPECT_EQ(*keep, 0);
      });
      started.recv();
    }  // ~Timer while the callable runs
    EXPECT_FALSE(watch.expired());
    proceed.send(0);
    for (int i = 0; i < 1000 && !watch.expired(); ++i) gor::sleep(1ms);
    EXPECT_TRUE(watch.expired());
  });
}

TEST(Time, TickerTicksUntilStopped) {
  gor::main([] {
    gor::Ticker tk = gor::new_ticker(1ms);
    gor::Time prev = tk.c.recv();
    for (int i = 0; i < 3; ++i) {
      gor::Time t = tk.c.recv();
      EXPECT_GT(t, prev);
      prev = t;
    }
    tk.stop();
    int idx = gor::select(gor::recv(tk.c), gor::recv(gor::after(20ms)));
    EXPECT_EQ(idx, 1);
    tk.reset(1ms);
    tk.c.recv();
    tk.stop();
    EXPECT_THROW(gor::new_ticker(0ms), gor::Panic);
  });
}

// Go's t.C is receive-only, so closing it does not compile; here a closed
// timer channel makes the firing drop its tick (it used to panic on the
// timer thread: std::terminate).
TEST(Time, ClosingATimersChannelDropsItsTicks) {
  gor::main([] {
    gor::Timer t = gor::new_timer(1ms);
    t.c.close();
    gor::Ticker tk = gor::new_ticker(1ms);
    tk.c.close();
    gor::Chan<gor::Time> a = gor::after(1ms);
    a.close();
    gor::sleep(20ms);  // each fires meanwhile
    EXPECT_FALSE(t.c.recv_ok().second);
    EXPECT_FALSE(tk.c.recv_ok().second);
    EXPECT_FALSE(a.recv_ok().second);
    tk.stop();
  });
}

TEST(Time, SleepingGoroutinesAreNotADeadlock) {
  gor::main([] {
    auto c = gor::make_chan<int>();
    gor::go([c] {
      gor::sleep(30ms);
      c.send(1);
    });
    EXPECT_EQ(c.recv(), 1);
  });
}

// Stops and resets of one timer from several goroutines apply one at a
// time (they armed its node twice: the heap corrupted and sleeps hung).
TEST(Time, ConcurrentResetsAndStopsOfOneTimer) {
  gor::main([] {
    gor::Timer t = gor::new_timer(1ms);
    std::atomic<bool> stop{false};
    gor::WaitGroup wg;
    for (int k = 0; k < 4; ++k) {
      wg.go([&, k] {
        for (int i = 0; !stop.load(); ++i) {
          if ((i + k) % 3 == 0) {
            t.stop();
          } else {
            t.reset(std::chrono::microseconds(50 * (i % 7)));
          }
          if (i % 16 == 0) gor::yield();
        }
      });
    }
    wg.go([&] {
      while (!stop.load()) gor::select(gor::recv(t.c), gor::recv(gor::after(1ms)));
    });
    for (int i = 0; i < 200; ++i) gor::sleep(100us);  // an unrelated timer keeps firing
    stop = true;
    wg.wait();
  });
}

// Durations beyond the clock's range are "never", as Go clamps them: no
// overflow into the past.
TEST(Time, HugeDurationsNeverComeDue) {
  gor::main([] {
    gor::Timer timer = gor::new_timer(std::chrono::nanoseconds(INT64_MAX));
    gor::Timer far = gor::new_timer(std::chrono::seconds::max());
    gor::Ticker ticker = gor::new_ticker(std::chrono::nanoseconds(INT64_MAX));
    auto [ctx, cancel] = gor::with_timeout(gor::background(), std::chrono::seconds::max());
    auto [ctx2, cancel2] = gor::with_deadline(gor::background(), gor::Time::max());
    EXPECT_FALSE(ctx.err());
    EXPECT_FALSE(ctx2.err());
    auto slept = gor::make_chan<int>(1);
    gor::go([slept] {
      gor::sleep(std::chrono::hours::max());
      slept.send(1);
    });
    EXPECT_EQ(gor::select(gor::recv(timer.c), gor::recv(far.c), gor::recv(ticker.c),
                          gor::recv(ctx.done()), gor::recv(ctx2.done()), gor::recv(slept),
                          gor::recv(gor::after(30ms))),
              6);
    gor::sleep(5ms);  // the ticker's heap entry did not spin the timer thread
    ticker.stop();
    cancel();
    cancel2();
  });
}

}  // namespace
