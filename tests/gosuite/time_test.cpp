// Port of Go's src/runtime/race/testdata/time_test.go: arming a timer (or
// re-arming it with Reset) happens before its callback runs or its channel
// delivers. 0 TestRace* and 6 TestNoRace* tests. Conventions: see
// chan_test.cpp. Go's time.Hour stands for "never fires before Stop".
#include <chrono>

#include <gor/gor.hpp>

#include "harness.hpp"

namespace {

using namespace std::chrono_literals;
using gosuite::var;

void TestNoRaceAfterFunc() {
  int& v = var<int>(0);
  auto c = gosuite::make_chan<int>();
  auto f = [&v, c] {
    v = 1;
    c.send(0);
  };
  v = 2;
  gor::after_func(1ns, f);
  c.recv();
  v = 3;
}

void TestNoRaceAfterFuncReset() {
  int& v = var<int>(0);
  auto c = gosuite::make_chan<int>();
  auto f = [&v, c] {
    v = 1;
    c.send(0);
  };
  gor::Timer t = gor::after_func(1h, f);
  t.stop();
  v = 2;
  t.reset(1ns);
  c.recv();
  v = 3;
}

void TestNoRaceTimer() {
  int& v = var<int>(0);
  auto c = gosuite::make_chan<int>();
  auto f = [&v, c] {
    v = 1;
    c.send(0);
  };
  v = 2;
  auto& t = var<gor::Timer>(gor::new_timer(1ns));
  gor::go([&t, f] {
    t.c.recv();
    f();
  });
  c.recv();
  v = 3;
}

void TestNoRaceTimerReset() {
  int& v = var<int>(0);
  auto c = gosuite::make_chan<int>();
  auto f = [&v, c] {
    v = 1;
    c.send(0);
  };
  auto& t = var<gor::Timer>(gor::new_timer(1h));
  gor::go([&t, f] {
    t.c.recv();
    f();
  });
  t.stop();
  v = 2;
  t.reset(1ns);
  c.recv();
  v = 3;
}

void TestNoRaceTicker() {
  int& v = var<int>(0);
  auto c = gosuite::make_chan<int>();
  auto f = [&v, c] {
    v = 1;
    c.send(0);
  };
  v = 2;
  auto& t = var<gor::Ticker>(gor::new_ticker(1ns));
  gor::go([&t, f] {
    t.c.recv();
    f();
  });
  c.recv();
  v = 3;
  t.stop();  // Go leaves it running; a 1 ns ticker would keep the runtime busy
}

void TestNoRaceTickerReset() {
  int& v = var<int>(0);
  auto c = gosuite::make_chan<int>();
  auto f = [&v, c] {
    v = 1;
    c.send(0);
  };
  auto& t = var<gor::Ticker>(gor::new_ticker(1h));
  gor::go([&t, f] {
    t.c.recv();
    f();
  });
  t.stop();
  v = 2;
  t.reset(1ns);
  c.recv();
  v = 3;
  t.stop();  // Go leaves it running; a 1 ns ticker would keep the runtime busy
}

constexpr gosuite::Test kTests[] = {
    GOSUITE_TEST(TestNoRaceAfterFunc), GOSUITE_TEST(TestNoRaceAfterFuncReset),
    GOSUITE_TEST(TestNoRaceTimer),     GOSUITE_TEST(TestNoRaceTimerReset),
    GOSUITE_TEST(TestNoRaceTicker),    GOSUITE_TEST(TestNoRaceTickerReset),
};

}  // namespace

int main(int argc, char** argv) {
  return gosuite::run(argc, argv, kTests);
}
