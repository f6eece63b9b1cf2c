// gor::blocking: results, exceptions, void and reference results, and a
// blocking call that does not stall the other goroutines on its processor.
#include <gtest/gtest.h>

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>

#include "gor/gor.hpp"

namespace {

TEST(Blocking, ReturnsTheResult) {
  gor::main([] {
    EXPECT_EQ(gor::blocking([] { return 6 * 7; }), 42);
    EXPECT_EQ(gor::blocking([] { return std::string("hello"); }), "hello");
    int x = 0;
    gor::blocking([&] { x = 5; });
    EXPECT_EQ(x, 5);
    int& ref = gor::blocking([&]() -> int& { return x; });
    EXPECT_EQ(&ref, &x);
  });
}

int twice(int v) {
  return 2 * v;
}

TEST(Blocking, PassesArgumentsAndTakesFunctions) {
  gor::main([] {
    EXPECT_EQ(gor::blocking(twice, 21), 42);
    EXPECT_EQ(gor::blocking([](int a, int b) { return a + b; }, 40, 2), 42);
    std::string s = "abc";
    gor::blocking([](std::string& t) { t += "d"; }, s);  // arguments are not copied
    EXPECT_EQ(s, "abcd");
  });
}

TEST(Blocking, RunsOnAnotherThread) {
  gor::main([] {
    const auto here = std::this_thread::get_id();
    EXPECT_NE(gor::blocking([] { return std::this_thread::get_id(); }), here);
  });
}

TEST(Blocking, PropagatesExceptions) {
  gor::main([] {
    try {
      gor::blocking([]() -> int { throw std::runtime_error("disk on fire"); });
      ADD_FAILURE() << "no exception";
    } catch (const std::runtime_error& e) {
      EXPECT_STREQ(e.what(), "disk on fire");
    }
  });
}

TEST(Blocking, RunsInlineOutsideGoroutines) {
  EXPECT_EQ(gor::blocking([] { return std::this_thread::get_id(); }), std::this_thread::get_id());
}

// With one processor, a goroutine sleeping 200 ms in a blocking call must
// not stop another goroutine from making progress meanwhile.
TEST(Blocking, DoesNotStallOtherGoroutines) {
  std::atomic<long> progress_during_call{-1};
  gor::main([&] {
    std::atomic<bool> stop{false};
    std::atomic<long> progress{0};
    gor::WaitGroup wg;
    wg.go([&] {
      while (!stop.load()) {
        progress.fetch_add(1);
        gor::yield();
      }
    });
    gor::sleep(std::chrono::milliseconds(1));  // let the worker start
    const long before = progress.load();
    gor::blocking([] { ::usleep(200'000); });
    progress_during_call = progress.load() - before;
    stop = true;
    wg.wait();
  });
  EXPECT_GT(progress_during_call.load(), 0);
}

// Many blocking calls at once each get a helper thread (none waits for another).
TEST(Blocking, ConcurrentCallsRunInParallel) {
  gor::main([] {
    std::atomic<int> inside{0};
    gor::WaitGroup wg;
    constexpr int kCalls = 8;
    for (int i = 0; i < kCalls; ++i) {
      wg.go([&] {
        gor::blocking([&] {
          inside.fetch_add(1);
          // Every call waits until all are inside: would hang if serialised.
          while (inside.load() < kCalls) ::usleep(1000);
        });
      });
    }
    wg.wait();
  });
}

// A goroutine parked in a blocking call is not a deadlock.
TEST(Blocking, ParkedCallerIsNotADeadlock) {
  gor::main([] { gor::blocking([] { ::usleep(50'000); }); });
}

}  // namespace
