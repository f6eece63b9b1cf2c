// Many goroutines under detection (Go's "million" anchor at 100,000): all
// park on one channel, are released by close(), write their own cell and
// join a WaitGroup; main then reads every cell. No race may be reported;
// a racy variant among many goroutines must still be found.
#include <vector>

#include "race_case.hpp"

namespace gorace_race_tests {
namespace {

TEST(Scale, HundredThousandGoroutinesUnderDetection) {
  constexpr int kGoroutines = 100000;
  uint64_t races = races_in([] {
    auto gate = gor::make_chan<int>();
    auto* wg = new gor::WaitGroup;
    auto* cells = new int64_t[kGoroutines];
    wg->add(kGoroutines);
    for (int i = 0; i < kGoroutines; i++) {
      gor::go([=] {
        gate.recv();
        W(&cells[i]);
        wg->done();
      });
    }
    gate.close();
    wg->wait();
    for (int i = 0; i < kGoroutines; i++) R(&cells[i]);
  });
  EXPECT_EQ(races, 0u);
}

TEST(Scale, RacesAmongManyGoroutinesAreStillFound) {
  uint64_t races = races_in([] {
    auto* wg = new gor::WaitGroup;
    int64_t* shared = cell();
    for (int i = 0; i < 1000; i++) {
      wg->add(1);
      gor::go([=] {
        W(shared);
        wg->done();
      });
    }
    wg->wait();
  });
  EXPECT_GT(races, 0u);
}

TEST(Scale, LockChainAmongThousandsOfLiveGoroutines) {
  // Every goroutine's clock joins the mutex's, which accumulates the slots
  // of all previous holders: the dense-clock worst case, kept moderate.
  constexpr int kGoroutines = 5000;
  uint64_t races = races_in([] {
    auto gate = gor::make_chan<int>();
    auto* mu = new gor::Mutex;
    auto* wg = new gor::WaitGroup;
    int64_t* shared = cell();
    wg->add(kGoroutines);
    for (int i = 0; i < kGoroutines; i++) {
      gor::go([=] {
        gate.recv();
        mu->lock();
        W(shared);
        mu->unlock();
        wg->done();
      });
    }
    gate.close();
    wg->wait();
    R(shared);
  });
  EXPECT_EQ(races, 0u);
}

}  // namespace
}  // namespace gorace_race_tests
