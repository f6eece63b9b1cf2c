// The happens-before edges of the sync primitives, Context, net and
// blocking as the race detector sees them (detection enabled in-process, the
// accesses annotated by hand with gor::race::read/write since this file is
// not compiled with the plugin). Registered with GORACE=halt_on_error=1, so
// a false report ends the binary with status 66; the tests that expect a
// race run it in a death test.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <mutex>
#include <shared_mutex>

#include "gor/gor.hpp"

namespace {

// Runs f as the main goroutine with race detection on and checks that no
// race was reported.
template <class F>
void expect_no_race(F f) {
  gor::race::enable();
  const uint64_t before = gor::race::report_count();
  gor::main(f);
  EXPECT_EQ(gor::race::report_count(), before);
}

// Runs f with race detection on, then exits: 66 if a race was reported.
template <class F>
[[noreturn]] void run_and_exit(F f) {
  gor::race::enable();
  gor::main(f);
  std::exit(0);
}

void write(int& x) {
  gor::race::write(&x, sizeof x);
  ++x;
}
void read(const int& x) {
  gor::race::read(&x, sizeof x);
}

// Spins (no happens-before edge) until flag is set.
void await(const std::atomic<bool>& flag) {
  while (!flag.load()) gor::yield();
}

TEST(RaceEdges, MutexOrdersCriticalSections) {
  expect_no_race([] {
    int x = 0;
    gor::Mutex mu;
    gor::WaitGroup wg;
    for (int i = 0; i < 4; ++i) {
      wg.go([&] {
        std::lock_guard<gor::Mutex> lock(mu);
        write(x);
      });
    }
    wg.wait();
    read(x);
  });
}

TEST(RaceEdges, RWMutexOrdersWritersAndReaders) {
  expect_no_race([] {
    int x = 0;
    gor::RWMutex rw;
    gor::WaitGroup wg;
    for (int i = 0; i < 4; ++i) {
      wg.go([&] {
        {
          std::unique_lock<gor::RWMutex> lock(rw);
          write(x);
        }
        std::shared_lock<gor::RWMutex> lock(rw);
        read(x);
      });
    }
    wg.wait();
  });
}

TEST(RaceEdges, WaitGroupDoneBeforeWait) {
  expect_no_race([] {
    int xs[8] = {};
    gor::WaitGroup wg;
    for (int& x : xs) wg.go([&x] { write(x); });
    wg.wait();
    for (int& x : xs) write(x);
  });
}

TEST(RaceEdges, OnceCompletionBeforeEveryCall) {
  expect_no_race([] {
    int x = 0;
    gor::Once once;
    gor::WaitGroup wg;
    for (int i = 0; i < 4; ++i) {
      wg.go([&] {
        once.call([&] { write(x); });
        read(x);
      });
    }
    wg.wait();
  });
}

TEST(RaceEdges, CondThroughItsMutex) {
  expect_no_race([] {
    int x = 0;
    bool ready = false;
    gor::Mutex mu;
    gor::Cond cond(mu);
    gor::go([&] {
      std::lock_guard<gor::Mutex> lock(mu);
      write(x);
      ready = true;
      cond.signal();
    });
    std::unique_lock<gor::Mutex> lock(mu);
    while (!ready) cond.wait();
    read(x);
  });
}

TEST(RaceEdges, PoolPutBeforeGet) {
  expect_no_race([] {
    gor::Pool<int*> pool([] { return static_cast<int*>(nullptr); });
    int objects[64] = {};
    std::atomic<bool> put_done{false};
    gor::go([&] {
      for (int& o : objects) {
        write(o);
        pool.put(&o);
      }
      put_done = true;
    });
    await(put_done);
    while (int* o = pool.get()) write(*o);  // only objects put (some dropped under race)
  });
}

TEST(RaceEdges, ContextCancelBeforeDoneAndErr) {
  expect_no_race([] {
    int x = 0, y = 0;
    auto [ctx, cancel] = gor::with_cancel(gor::background());
    auto [child, cancel_child] = gor::with_cancel(ctx);
    std::atomic<bool> finished{false};  // no edge: keeps x, y alive
    gor::go([&, ctx = ctx] {
      while (!ctx.err()) gor::yield();  // observed through err(), not done()
      read(y);
      finished = true;
    });
    gor::go([&, cancel = cancel] {
      write(x);
      write(y);
      cancel();
    });
    child.done().recv();
    read(x);
    await(finished);
    cancel_child();
  });
}

TEST(RaceEdges, ConnWriteBeforePeerRead) {
  expect_no_race([] {
    int x = 0;
    auto listener = gor::net::listen("tcp", "127.0.0.1:0");
    std::atomic<int> finished{0};  // no edge: keeps x alive
    gor::go([&] {
      auto conn = listener.accept();
      char c;
      while (conn.read(&c, 1) == 0) {
      }
      read(x);  // written before the byte was sent
      write(x);
      conn.write("k");
      finished.fetch_add(1);
    });
    gor::go([&] {
      auto conn = gor::net::dial("tcp", listener.addr());
      write(x);
      conn.write("x");
      char c;
      conn.read(&c, 1);
      read(x);
      finished.fetch_add(1);
    });
    while (finished.load() < 2) gor::yield();
  });
}

TEST(RaceEdges, BlockingCallIsPartOfTheCaller) {
  expect_no_race([] {
    int x = 0;
    write(x);
    gor::blocking([&] {
      read(x);
      write(x);
    });
    read(x);
    gor::WaitGroup wg;
    wg.go([&] { gor::blocking([&] { write(x); }); });
    wg.wait();
    read(x);
  });
}

// Two goroutines' blocking calls are not ordered with each other: the
// helper thread that ran both carries no clock from one to the next (it
// hid every race between the callers).
TEST(RaceEdgesDeathTest, BlockingCallsDoNotOrderTheirCallers) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(run_and_exit([] {
                int x = 0;
                std::atomic<bool> first_done{false};
                gor::go([&] {
                  gor::blocking([&] { write(x); });
                  first_done = true;
                });
                while (!first_done.load()) gor::yield();  // invisible to the detector
                gor::blocking([&] { write(x); });
              }),
              testing::ExitedWithCode(66), "WARNING: DATA RACE");
}

// A timer's firing carries only its own arming to the receiver: another
// goroutine's timer fired before by the same thread orders nothing (the
// firing thread's clock, carried from one timer to the next, hid the race).
TEST(RaceEdgesDeathTest, TimersDoNotOrderTheirUsers) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(run_and_exit([] {
                using namespace std::chrono_literals;
                int x = 0;
                std::atomic<bool> first_done{false};
                gor::go([&] {
                  write(x);
                  gor::new_timer(1ms).c.recv();
                  first_done = true;
                });
                while (!first_done.load()) gor::yield();  // invisible to the detector
                gor::after(2ms).recv();
                write(x);
              }),
              testing::ExitedWithCode(66), "WARNING: DATA RACE");
}

TEST(RaceEdgesDeathTest, UnorderedWritesAreReported) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(run_and_exit([] {
                int x = 0;
                std::atomic<bool> done{false};
                gor::go([&] {
                  write(x);
                  done = true;
                });
                write(x);
                await(done);
              }),
              testing::ExitedWithCode(66), "WARNING: DATA RACE");
}

TEST(RaceEdgesDeathTest, ReadersDoNotOrderEachOther) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(run_and_exit([] {
                int x = 0;
                gor::RWMutex rw;
                gor::WaitGroup wg;
                for (int i = 0; i < 2; ++i) {
                  wg.go([&] {
                    std::shared_lock<gor::RWMutex> lock(rw);
                    write(x);  // a write under a read lock
                  });
                }
                wg.wait();
              }),
              testing::ExitedWithCode(66), "WARNING: DATA RACE");
}

TEST(RaceEdgesDeathTest, FailedTryLockOrdersNothing) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(run_and_exit([] {
                int x = 0;
                gor::Mutex mu;
                std::atomic<bool> locked{false}, tried{false}, unlocked{false};
                gor::go([&] {
                  mu.lock();
                  write(x);
                  locked = true;
                  await(tried);
                  mu.unlock();
                  unlocked = true;
                });
                await(locked);
                if (!mu.try_lock()) read(x);  // no edge from the holder
                tried = true;
                await(unlocked);  // mu outlives the goroutine's use
              }),
              testing::ExitedWithCode(66), "WARNING: DATA RACE");
}

// Go's TestRaceMutexOverwrite: a plain write over a Mutex races with lock().
TEST(RaceEdgesDeathTest, OverwritingAMutexInUseIsReported) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(run_and_exit([] {
                gor::Mutex mu;
                auto c = gor::make_chan<bool>(1);
                gor::go([&mu, c] {
                  gor::race::write(&mu, sizeof mu);  // as `mu = sync.Mutex{}`
                  c.send(true);
                });
                mu.lock();
                c.recv();
                mu.unlock();
              }),
              testing::ExitedWithCode(66), "WARNING: DATA RACE");
}

}  // namespace
