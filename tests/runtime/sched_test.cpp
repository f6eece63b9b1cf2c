// Scheduler: gor::main, go, yield, goroutine ids and counts, many goroutines.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <set>
#include <string>
#include <thread>

#include "gor/gor.hpp"

namespace {

using namespace std::chrono_literals;

// Runs gor::main(f) with `procs` processors (GOMAXPROCS), whatever the
// test's environment says, and restores the environment.
template <class F>
void main_with_procs(int procs, F&& f) {
  const char* env = std::getenv("GOMAXPROCS");
  const std::string saved = env != nullptr ? env : "";
  setenv("GOMAXPROCS", std::to_string(procs).c_str(), 1);
  gor::main(std::forward<F>(f));
  if (env != nullptr) {
    setenv("GOMAXPROCS", saved.c_str(), 1);
  } else {
    unsetenv("GOMAXPROCS");
  }
}

// Whether a goroutine spawned now runs: a starved one never does, so the
// 20 s limit only keeps a failing test from hanging (it runs within a few
// time slices, tens of milliseconds).
bool a_new_goroutine_runs() {
  auto ran = gor::make_chan<int>(1);
  gor::go([ran] { ran.send(0); });
  return gor::select(gor::recv(ran), gor::recv(gor::after(20s))) == 0;
}

TEST(Sched, MainRunsAsGoroutineOneAndReturnsZero) {
  uint64_t id = 0;
  EXPECT_EQ(gor::main([&] { id = gor::goid(); }), 0);
  EXPECT_EQ(id, 1u);
  EXPECT_EQ(gor::goid(), 0u);  // outside goroutines
}

// The main function's int is gor::main's result, the program's exit
// status when main returns it (Go's main has none: os.Exit there).
TEST(Sched, MainReturnsTheExitStatusTheFunctionReturned) {
  EXPECT_EQ(gor::main([] { return 5; }), 5);
  EXPECT_EQ(gor::main([] { return 0; }), 0);
  bool ran = false;
  EXPECT_EQ(gor::main([&ran] { ran = true; }), 0);
  EXPECT_TRUE(ran);
}

TEST(Sched, GomaxprocsFollowsEnvironment) {
  int procs = 0;
  gor::main([&] { procs = gor::gomaxprocs(); });
  const char* env = getenv("GOMAXPROCS");
  if (env != nullptr) EXPECT_EQ(procs, atoi(env));
  EXPECT_GE(procs, 1);
}

// Values Go ignores (not all digits, or beyond 32 bits) give the CPU count.
TEST(Sched, MalformedGomaxprocsIsIgnoredAsGo) {
  const char* saved = getenv("GOMAXPROCS");
  const std::string restore = saved != nullptr ? saved : "";
  int cpus = 0;
  unsetenv("GOMAXPROCS");
  gor::main([&] { cpus = gor::gomaxprocs(); });
  for (const char* bad : {" 3", "3x", "+3", "99999999999", "0", "-2"}) {
    setenv("GOMAXPROCS", bad, 1);
    int procs = 0;
    gor::main([&] { procs = gor::gomaxprocs(); });
    EXPECT_EQ(procs, cpus) << "GOMAXPROCS='" << bad << "'";
  }
  setenv("GOMAXPROCS", "3", 1);
  int three = 0;
  gor::main([&] { three = gor::gomaxprocs(); });
  EXPECT_EQ(three, 3);
  if (saved != nullptr) {
    setenv("GOMAXPROCS", restore.c_str(), 1);
  } else {
    unsetenv("GOMAXPROCS");
  }
}

TEST(Sched, GoDecayCopiesArguments) {
  gor::main([] {
    auto out = gor::make_chan<std::string>();
    std::string s = "hello";
    gor::go([out](std::string v, int n) { out.send(v + std::to_string(n)); }, s, 7);
    s = "changed";
    EXPECT_EQ(out.recv(), "hello7");
  });
}

TEST(Sched, GoroutinesGetDistinctIds) {
  gor::main([] {
    auto ids = gor::make_chan<uint64_t>(10);
    for (int i = 0; i < 10; ++i) gor::go([ids] { ids.send(gor::goid()); });
    std::set<uint64_t> seen;
    for (int i = 0; i < 10; ++i) seen.insert(ids.recv());
    EXPECT_EQ(seen.size(), 10u);
    EXPECT_EQ(seen.count(1), 0u);
  });
}

TEST(Sched, NumGoroutineCountsLiveGoroutines) {
  gor::main([] {
    EXPECT_EQ(gor::num_goroutine(), 1);
    auto gate = gor::make_chan<int>();
    auto done = gor::make_chan<int>();
    for (int i = 0; i < 5; ++i)
      gor::go([=] {
        gate.recv();
        done.send(1);
      });
    EXPECT_EQ(gor::num_goroutine(), 6);
    gate.close();
    for (int i = 0; i < 5; ++i) done.recv();
    while (gor::num_goroutine() != 1) gor::yield();  // exits race with our wake-up
  });
}

TEST(Sched, YieldLetsOtherGoroutinesRun) {
  gor::main([] {
    std::atomic<bool> ran{false};
    gor::go([&] { ran = true; });
    // Ending is the check: with one worker, a yield that never ran the
    // other goroutine would loop here until the test's timeout.
    while (!ran.load()) gor::yield();
  });
}

TEST(Sched, HundredThousandGoroutines) {
  gor::main([] {
    constexpr int kN = 100000;
    auto gate = gor::make_chan<int>();
    auto done = gor::make_chan<int>(kN);
    for (int i = 0; i < kN; ++i)
      gor::go([=] {
        gate.recv();
        done.send(1);
      });
    gate.close();
    int n = 0;
    for (int i = 0; i < kN; ++i) n += done.recv();
    EXPECT_EQ(n, kN);
  });
}

// A spinning worker takes another's runnext goroutine once it has waited
// 25 us; if the owner refilled its ring meanwhile, the steal takes half the
// ring instead, and every goroutine taken must run (they were dropped: the
// WaitGroup below then never reached zero, a deadlock in most runs of this
// test at GOMAXPROCS=2). Each round readies a goroutine into main's runnext,
// keeps the worker busy without a scheduling point, then spawns a burst.
TEST(Sched, StealingARefilledQueueLosesNoGoroutine) {
  gor::main([] {
    uint32_t seed = 1;
    for (int round = 0; round < 10000; ++round) {
      gor::WaitGroup wg;
      auto handoff = gor::make_chan<int>();
      wg.go([handoff] { handoff.recv(); });
      gor::sleep(std::chrono::microseconds(50));  // parks on handoff
      handoff.send(1);                            // now main's runnext
      seed = seed * 1103515245 + 12345;
      const auto until =
          std::chrono::steady_clock::now() + std::chrono::microseconds(20 + (seed >> 16) % 30);
      while (std::chrono::steady_clock::now() < until) {
      }
      for (int i = 0; i < 64; ++i) wg.go([] {});
      wg.wait();
    }
  });
}

// A goroutine readied from outside the workers (here by a plain thread; also
// by timers and sockets) waits in the global queue. Goroutines that yield
// go behind it, as in Go: the readied one runs after a few yields, not
// after the 61 schedules between a busy worker's looks at the global queue.
TEST(Sched, YieldingGoroutinesLetAGoroutineReadiedFromOutsideRun) {
  // Counts one worker's schedules: run this gor::main with one processor.
  long yields_before_run = -1;
  main_with_procs(1, [&] {
    std::atomic<long> yields{0};
    std::atomic<bool> stop{false};
    auto wake = gor::make_chan<long>(1);
    auto done = gor::make_chan<int>(2);
    for (int i = 0; i < 2; ++i) {
      gor::go([&, done] {
        while (!stop.load()) {
          // A slice longer than a wake-up from the other thread takes.
          const auto until = std::chrono::steady_clock::now() + std::chrono::microseconds(20);
          while (std::chrono::steady_clock::now() < until) {
          }
          yields.fetch_add(1);
          gor::yield();
        }
        done.send(0);
      });
    }
    // 20 wake-ups from outside; the most yields any of them waited (without
    // the global queue's order, up to 61, about 30 on average), counted
    // from when the send that readied it returned: a count taken before the
    // send would include any time the outside thread lost its core before
    // sending (a loaded machine took 131 yields there once).
    constexpr int kWakeUps = 20;
    std::atomic<long> readied_at[kWakeUps];
    for (auto& at : readied_at) at.store(-1);
    auto result = gor::make_chan<long>(1);
    gor::go([&, wake, result] {
      long most = 0;
      for (int i = 0; i < kWakeUps; ++i) {
        wake.recv();
        const long ran_at = yields.load();
        long sent = -1;
        while ((sent = readied_at[i].load()) < 0) gor::yield();  // the send may not have returned
        most = std::max(most, ran_at - sent);
      }
      result.send(most);
    });
    std::thread outside([&] {
      for (int i = 0; i < kWakeUps; ++i) {
        const long from = yields.load();
        while (yields.load() < from + 100) std::this_thread::yield();
        wake.send(i);
        readied_at[i].store(yields.load());
      }
    });
    yields_before_run = result.recv();
    stop.store(true);
    done.recv();
    done.recv();
    outside.join();
  });
  EXPECT_LT(yields_before_run, 10);
}

// A pair handing off through unbuffered channels readies each other as
// runnext, forever: the hand-offs share one time slice (Go's inheritTime),
// which is preempted like any other, so the goroutines queued behind the
// pair on its worker run (they waited forever).
TEST(Sched, AHandOffPairSharesOneTimeSlice) {
  bool ran = false;
  main_with_procs(1, [&] {
    std::atomic<bool> stop{false};
    auto ping = gor::make_chan<int>();
    auto pong = gor::make_chan<int>();
    gor::go([&, ping, pong] {
      while (!stop.load()) {
        ping.send(0);
        pong.recv();
      }
    });
    gor::go([&, ping, pong] {
      for (;;) {
        ping.recv();
        pong.send(0);
      }
    });
    gor::yield();  // the pair starts
    ran = a_new_goroutine_runs();
    stop.store(true);
  });
  EXPECT_TRUE(ran);
}

// With two processors and the other worker busy with goroutines yielding
// in turn (it always finds one in the global queue, and never steals), runs
// a goroutine that readies a goroutine with `ready(ran)` (which sends on
// `ran` when it runs) and then keeps running, making scheduling points.
// Returns how many it made before the readied goroutine ran: a few slices'
// worth (about a million) once preempted, tens of millions or more when
// nothing preempts it (it gives up at 20 s, or 2^31 points).
template <class Ready>
long points_before_readied_runs_while_busy(Ready ready) {
  long points = 0;
  main_with_procs(2, [&] {
    std::atomic<bool> stop{false};
    gor::WaitGroup yielders;
    for (int i = 0; i < 8; ++i) {
      yielders.go([&] {
        while (!stop.load()) gor::yield();
      });
    }
    gor::sleep(20ms);
    auto result = gor::make_chan<long>(1);
    gor::go([&, result] {
      gor::Mutex mu;
      auto ran = gor::make_chan<int>(1);
      const auto give_up = std::chrono::steady_clock::now() + 20s;  // a failing test ends
      ready(ran);
      long made = 0;
      while (ran.len() == 0 && made < (1L << 31) && std::chrono::steady_clock::now() < give_up) {
        mu.lock();  // runtime calls: scheduling points
        mu.unlock();
        ++made;
      }
      result.send(ran.len() != 0 ? made : (1L << 31));
    });
    points = result.recv();
    stop.store(true);
    yielders.wait();
  });
  return points;
}

// A goroutine queued on a worker whose goroutine runs on runs within a few
// time slices, even while the other workers keep finding work elsewhere
// and never steal it (it waited seconds, or forever).
TEST(Sched, AQueuedGoroutineRunsWhileTheOtherWorkersAreBusy) {
  EXPECT_LT(points_before_readied_runs_while_busy([](gor::Chan<int> ran) {
              gor::go([ran] { ran.send(0); });  // queued on this worker
            }),
            20'000'000);
}

// The same for a goroutine woken into runnext by a goroutine that keeps
// running.
TEST(Sched, ARunnextGoroutineRunsWhileTheOtherWorkersAreBusy) {
  EXPECT_LT(points_before_readied_runs_while_busy([](gor::Chan<int> ran) {
              auto wake = gor::make_chan<int>();
              auto parked = gor::make_chan<int>();
              gor::go([wake, parked, ran] {
                parked.send(0);
                wake.recv();
                ran.send(0);
              });
              parked.recv();
              gor::sleep(1ms);  // the goroutine parks in wake.recv()
              wake.send(0);     // readies it as this worker's runnext
            }),
            20'000'000);
}

TEST(Sched, DeepRecursionWithinStackLimit) {
  gor::main([] {
    auto out = gor::make_chan<long>();
    gor::go([out] {
      struct R {
        static long f(int n) {
          volatile char pad[512];
          pad[0] = static_cast<char>(n);
          return n == 0 ? pad[0] : f(n - 1) + 1;
        }
      };
      out.send(R::f(200));  // ~100 KiB of stack
    });
    EXPECT_EQ(out.recv(), 200);
  });
}

TEST(Sched, AbandonedGoroutinesDoNotBlockExit) {
  EXPECT_EQ(gor::main([] {
              auto never = gor::make_chan<int>();
              for (int i = 0; i < 10; ++i) gor::go([never] { never.recv(); });
              gor::go([] {
                for (;;) gor::yield();
              });
            }),
            0);
}

// As Go's exit: once gor::main returned, no goroutine runs on. One still
// running stops at its next scheduling point (here the runtime calls it
// polls), before the caller goes on to, say, static destructors.
TEST(Sched, RunningGoroutinesStopWhenMainReturns) {
  static std::atomic<long> spins{0};
  gor::main([] {
    for (int i = 0; i < 3; ++i) {
      gor::go([] {
        for (;;) {
          spins.fetch_add(1, std::memory_order_relaxed);
          (void)gor::num_goroutine();
        }
      });
    }
    while (spins.load(std::memory_order_relaxed) < 1000) gor::yield();
  });
  const long at_return = spins.load(std::memory_order_relaxed);
  std::this_thread::sleep_for(50ms);
  EXPECT_EQ(spins.load(std::memory_order_relaxed), at_return);
}

// Loops that poll a channel's length, a context's error or the goroutine
// count end once another goroutine changes it, at GOMAXPROCS=1 too: each
// query is a scheduling point, where a goroutine preempted after its time
// slice yields (Go preempts any loop).
TEST(Sched, PollingLoopsLetOtherGoroutinesRun) {
  gor::main([] {
    auto c = gor::make_chan<int>(1);
    gor::go([c] { c.send(1); });
    while (c.len() == 0) {
    }
    auto [ctx, cancel] = gor::with_cancel(gor::background());
    gor::go([cancel = cancel] { cancel(); });
    while (!ctx.err()) {
    }
    gor::go([] {});
    while (gor::num_goroutine() > 1) {
    }
  });
}

// Go's runtime_canSpin: a goroutine that failed to take a lock spins only
// while another processor is busy (it may run the holder) and nothing waits
// for this one; else it parks, and a woken waiter queued here runs (the
// mutex's starvation mode depends on it: hot goroutines spinning kept a
// waiter from ever running for seconds).
TEST(Sched, LockSpinningOnlyWhileAnotherProcessorRunsAndNoneWaitsHere) {
  main_with_procs(2, [] {
    std::atomic<bool> started{false}, stop{false};
    auto done = gor::make_chan<int>(1);
    gor::go([&] {
      started = true;
      while (!stop) {
      }  // busy on the other worker
      done.send(0);
    });
    while (!started) gor::yield();
    EXPECT_TRUE(gor::detail::lock_spinning_may_pay());
    gor::go([] {});  // queued on this worker
    EXPECT_FALSE(gor::detail::lock_spinning_may_pay());
    stop = true;
    done.recv();
  });
}

TEST(Sched, MainCanRunManyTimesInOneProcess) {
  for (int run = 0; run < 20; ++run) {
    int v = 0;
    gor::main([&] {
      auto c = gor::make_chan<int>();
      gor::go([c, run] { c.send(run); });
      v = c.recv();
    });
    EXPECT_EQ(v, run);
  }
}

}  // namespace
