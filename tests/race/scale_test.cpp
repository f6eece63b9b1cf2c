// Many goroutines under detection: 100,000 goroutines each touching shared
// state under a mutex and a private cell, joined by a WaitGroup; no race is
// reported and slots are recycled.
#include <vector>

#include "race_case.hpp"

namespace gorace_race_tests {
namespace {

TEST(Scale, HundredThousandGoroutinesUnderDetection) {
  constexpr int kGoroutines = 100000;
  uint64_t races = races_in([] {
    auto* mu = new gor::Mutex;
    auto* wg = new gor::WaitGroup;
    int64_t* shared = cell();
    auto* cells = new int64_t[kGoroutines];
    for (int i = 0; i < kGoroutines; i++) {
      wg->add(1);
      gor::go([=] {
        W(&cells[i]);
        mu->lock();
        W(shared);
        mu->unlock();
        wg->done();
      });
    }
    wg->wait();
    for (int i = 0; i < kGoroutines; i += 997) R(&cells[i]);
    R(shared);
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

}  // namespace
}  // namespace gorace_race_tests
