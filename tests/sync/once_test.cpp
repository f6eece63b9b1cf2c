// gor::Once: exactly one run under contention, callers wait for it, and a
// throwing function still counts as done.
#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>

#include "gor/gor.hpp"

namespace {

TEST(Once, RunsExactlyOnceAndCallersSeeItsEffect) {
  std::atomic<int> runs{0};
  std::atomic<int> saw_effect{0};
  gor::main([&] {
    gor::Once once;
    int value = 0;
    gor::WaitGroup wg;
    for (int g = 0; g < 50; ++g) {
      wg.go([&] {
        once.call([&] {
          runs.fetch_add(1);
          gor::sleep(std::chrono::milliseconds(5));  // others block meanwhile
          value = 42;
        });
        if (value == 42) saw_effect.fetch_add(1);
      });
    }
    wg.wait();
  });
  EXPECT_EQ(runs.load(), 1);
  EXPECT_EQ(saw_effect.load(), 50);
}

TEST(Once, ThrowingFunctionCountsAsDone) {
  gor::main([] {
    gor::Once once;
    int runs = 0;
    EXPECT_THROW(once.call([&] {
      ++runs;
      throw std::runtime_error("boom");
    }),
                 std::runtime_error);
    once.call([&] { ++runs; });
    EXPECT_EQ(runs, 1);
  });
}

}  // namespace
