// Deterministic mode: same seed, same run; different seeds, different
// interleavings; virtual time.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <set>
#include <string>

#include "gor/gor.hpp"

namespace {

using namespace std::chrono_literals;

// A racy-by-schedule program: workers append their ids to a log in the order
// the scheduler runs them, across channel hand-offs, selects and sleeps.
std::string run_program(uint64_t seed) {
  gor::set_deterministic(seed);
  std::string log;
  gor::main([&] {
    auto c = gor::make_chan<int>(2);
    auto d = gor::make_chan<int>();
    auto done = gor::make_chan<int>();
    for (int w = 0; w < 6; ++w) {
      gor::go([&, w, c, d, done] {
        for (int i = 0; i < 4; ++i) {
          log += static_cast<char>('a' + w);
          if (i == 1) gor::sleep(std::chrono::milliseconds(w % 3));
          gor::select(gor::send(c, w), gor::send(d, w));
          gor::yield();
        }
        done.send(w);
      });
    }
    gor::go([&, c, d] {
      for (;;) {
        gor::select(gor::recv(c, [&](int v) { log += static_cast<char>('0' + v); }),
                    gor::recv(d, [&](int v) { log += static_cast<char>('A' + v); }));
      }
    });
    for (int w = 0; w < 6; ++w) done.recv();
  });
  gor::clear_deterministic();
  return log;
}

TEST(Deterministic, SameSeedSameRun) {
  for (uint64_t seed : {1, 2, 42}) EXPECT_EQ(run_program(seed), run_program(seed)) << seed;
}

TEST(Deterministic, DifferentSeedsDifferentInterleavings) {
  std::set<std::string> runs;
  for (uint64_t seed = 1; seed <= 8; ++seed) runs.insert(run_program(seed));
  EXPECT_GE(runs.size(), 4u);
}

TEST(Deterministic, RunsOnOneProcessor) {
  gor::set_deterministic(3);
  int procs = 0;
  gor::main([&] { procs = gor::gomaxprocs(); });
  gor::clear_deterministic();
  EXPECT_EQ(procs, 1);
}

TEST(Deterministic, VirtualTimeJumpsWhenAllSleep) {
  gor::set_deterministic(5);
  gor::main([] {
    auto t0 = gor::now();
    auto done = gor::make_chan<int>();
    gor::go([done] {
      gor::sleep(2h);
      done.send(1);
    });
    gor::sleep(1h);
    EXPECT_EQ(gor::now() - t0, 1h);
    done.recv();
    EXPECT_EQ(gor::now() - t0, 2h);
    gor::Ticker tk = gor::new_ticker(10min);
    tk.c.recv();
    tk.c.recv();
    tk.stop();
    EXPECT_EQ(gor::now() - t0, 2h + 20min);
    EXPECT_EQ(gor::select(gor::recv(gor::make_chan<int>()), gor::recv(gor::after(1s))), 1);
  });
  gor::clear_deterministic();
}

// A goroutine polling with yield() while another sleeps: each yield lets
// virtual time pass, so the sleeper wakes (it was never all-blocked: hung).
TEST(Deterministic, YieldLoopLetsASleeperWake) {
  gor::set_deterministic(3);
  gor::main([] {
    std::atomic<bool> flag{false};
    gor::go([&] {
      gor::sleep(10ms);
      flag = true;
    });
    auto t0 = gor::now();
    while (!flag.load()) gor::yield();
    EXPECT_GE(gor::now() - t0, 10ms);
  });
  gor::clear_deterministic();
}

// Two goroutines yielding in turn (each finds the other runnable) still let
// the timers that fall due meanwhile fire: the worker's loop fires them
// before the next goroutine runs (it never ran while another yielder was
// runnable: hung).
TEST(Deterministic, GoroutinesYieldingInTurnLetTimersFire) {
  gor::set_deterministic(1);
  gor::main([] {
    std::atomic<bool> stop{false};
    gor::WaitGroup wg;
    for (int i = 0; i < 3; ++i) {
      wg.go([&] {
        while (!stop.load()) gor::yield();
      });
    }
    auto t0 = gor::now();
    gor::sleep(5us);
    EXPECT_GE(gor::now() - t0, 5us);
    stop = true;
    wg.wait();
  });
  gor::clear_deterministic();
}

// A goroutine waiting on a socket that no peer will answer does not stop
// virtual time: after as long in real time as the timer is away, it fires.
TEST(Deterministic, PendingSocketWaitDoesNotStopTimers) {
  gor::set_deterministic(4);
  gor::main([] {
    auto ln = gor::net::listen("tcp", "127.0.0.1:0");
    gor::go([ln]() mutable {
      try {
        ln.accept();
      } catch (const gor::net::Error&) {
      }
    });
    auto t0 = gor::now();
    gor::sleep(10ms);
    EXPECT_EQ(gor::now() - t0, 10ms);
  });
  gor::clear_deterministic();
}

TEST(Deterministic, SeedFromGoraceEnvironment) {
  setenv("GORACE", "log_path=/tmp/x seed=1234 halt_on_error=1", 1);
  EXPECT_EQ(gor::detail::deterministic_seed(), std::optional<uint64_t>(1234));
  setenv("GORACE", "halt_on_error=1", 1);
  EXPECT_EQ(gor::detail::deterministic_seed(), std::nullopt);
  gor::set_deterministic(9);
  EXPECT_EQ(gor::detail::deterministic_seed(), std::optional<uint64_t>(9));
  gor::clear_deterministic();
  unsetenv("GORACE");
}

// The scheduler reads GORACE with the race detector's parser: a bad option
// stops gor::main with the same message, even in an uninstrumented program.
TEST(DeterministicDeathTest, BadGoraceOptionIsAUsageError) {
  auto run = [](const char* gorace) {
    setenv("GORACE", gorace, 1);
    gor::main([] {});
    std::_Exit(0);
  };
  EXPECT_EXIT(run("seed=12x"), ::testing::ExitedWithCode(2),
              "gorace: bad GORACE value for seed: \"12x\" \\(want a decimal integer from 0 to "
              "9223372036854775807\\)");
  EXPECT_EXIT(run("seed=1 strategy=bogus"), ::testing::ExitedWithCode(2),
              "gorace: bad GORACE value for strategy: \"bogus\" \\(want random or pct\\)");
  EXPECT_EXIT(run("sede=1"), ::testing::ExitedWithCode(2),
              "gorace: unknown GORACE option \"sede\"");
  unsetenv("GORACE");
}

TEST(Deterministic, GoraceSeedMakesTheRunDeterministic) {
  auto order = [] {
    std::string log;
    gor::main([&] {
      auto done = gor::make_chan<int>();
      for (int w = 0; w < 8; ++w)
        gor::go([&, w, done] {
          log += static_cast<char>('a' + w);
          done.send(w);
        });
      for (int w = 0; w < 8; ++w) done.recv();
    });
    return log;
  };
  setenv("GORACE", "seed=77", 1);
  std::string a = order(), b = order();
  unsetenv("GORACE");
  EXPECT_EQ(a, b);
}

}  // namespace
