// Port of Go's src/runtime/race/testdata/rwmutex_test.go: Unlock happens
// before later RLocks and Locks, RUnlocks happen before the next Lock, and
// readers do not order each other. 2 TestRace* and 3 TestNoRace* tests.
// Conventions: see chan_test.cpp.
#include <chrono>
#include <cstdint>

#include <gor/gor.hpp>

#include "harness.hpp"

namespace {

using namespace std::chrono_literals;
using gosuite::use;
using gosuite::var;

void TestRaceMutexRWMutex() {
  auto& mu1 = var<gor::Mutex>();
  auto& mu2 = var<gor::RWMutex>();
  int16_t& x = var<int16_t>(0);
  auto ch = gosuite::make_chan<bool>(2);
  gor::go([&mu1, &x, ch] {
    mu1.lock();
    x = 1;
    ch.send(true);
    mu1.unlock();  // Go: defer mu1.Unlock()
  });
  gor::go([&mu2, &x, ch] {
    mu2.lock();
    x = 2;
    mu2.unlock();
    ch.send(true);
  });
  ch.recv();
  ch.recv();
}

void TestNoRaceRWMutex() {
  auto& mu = var<gor::RWMutex>();
  int64_t& x = var<int64_t>(0);
  int64_t& y = var<int64_t>(1);
  auto ch = gosuite::make_chan<bool>(2);
  gor::go([&mu, &x, ch] {
    mu.lock();
    x = 2;
    ch.send(true);
    mu.unlock();  // Go: defer mu.Unlock()
  });
  gor::go([&mu, &x, &y, ch] {
    mu.lock_shared();
    y = x;
    mu.unlock_shared();
    ch.send(true);
  });
  ch.recv();
  ch.recv();
}

void TestRaceRWMutexMultipleReaders() {
  auto& mu = var<gor::RWMutex>();
  int64_t& x = var<int64_t>(0);
  int64_t& y = var<int64_t>(1);
  auto ch = gosuite::make_chan<bool>(4);
  gor::go([&mu, &x, ch] {
    mu.lock();
    x = 2;
    ch.send(true);
    mu.unlock();  // Go: defer mu.Unlock()
  });
  // Use three readers so that no matter what order they're scheduled in, two
  // will be on the same side of the write lock above.
  for (int64_t k = 1; k <= 3; k++) {
    gor::go(
        [&mu, &x, &y, ch](int64_t k) {
          mu.lock_shared();
          y = x + k;
          mu.unlock_shared();
          ch.send(true);
        },
        k);
  }
  ch.recv();
  ch.recv();
  ch.recv();
  ch.recv();
  use(y);
}

void TestNoRaceRWMutexMultipleReaders() {
  auto& mu = var<gor::RWMutex>();
  int64_t& x = var<int64_t>(0);
  auto ch = gosuite::make_chan<bool>(4);
  gor::go([&mu, &x, ch] {
    mu.lock();
    x = 2;
    ch.send(true);
    mu.unlock();  // Go: defer mu.Unlock()
  });
  for (int64_t k = 1; k <= 3; k++) {
    gor::go(
        [&mu, &x, ch](int64_t k) {
          mu.lock_shared();
          use(x + k);  // Go: y := x + k; _ = y
          mu.unlock_shared();
          ch.send(true);
        },
        k);
  }
  ch.recv();
  ch.recv();
  ch.recv();
  ch.recv();
}

void TestNoRaceRWMutexTransitive() {
  auto& mu = var<gor::RWMutex>();
  int64_t& x = var<int64_t>(0);
  auto ch = gosuite::make_chan<bool>(2);
  gor::go([&mu, &x, ch] {
    mu.lock_shared();
    use(x);
    mu.unlock_shared();
    ch.send(true);
  });
  gor::go([&mu, &x, ch] {
    gor::sleep(10ms);
    mu.lock_shared();
    use(x);
    mu.unlock_shared();
    ch.send(true);
  });
  gor::sleep(20ms);
  mu.lock();
  x = 42;
  mu.unlock();
  ch.recv();
  ch.recv();
}

constexpr gosuite::Test kTests[] = {
    GOSUITE_TEST(TestRaceMutexRWMutex),           GOSUITE_TEST(TestNoRaceRWMutex),
    GOSUITE_TEST(TestRaceRWMutexMultipleReaders), GOSUITE_TEST(TestNoRaceRWMutexMultipleReaders),
    GOSUITE_TEST(TestNoRaceRWMutexTransitive),
};

}  // namespace

int main(int argc, char** argv) {
  return gosuite::run(argc, argv, kTests);
}
