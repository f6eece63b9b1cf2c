// Port of Go's src/runtime/race/testdata/mutex_test.go: Unlock happens
// before the next Lock of the same mutex, and nothing else. 3 TestRace* and
// 4 TestNoRace* tests. Conventions: see chan_test.cpp.
#include <chrono>
#include <cstdint>
#include <cstring>
#include <string>

#include <gor/gor.hpp>

#include "harness.hpp"

namespace {

using namespace std::chrono_literals;
using gosuite::use;
using gosuite::var;

void TestNoRaceMutex() {
  auto& mu = var<gor::Mutex>();
  int16_t& x = var<int16_t>(0);
  auto ch = gosuite::make_chan<bool>(2);
  gor::go([&mu, &x, ch] {
    mu.lock();
    x = 1;
    ch.send(true);
    mu.unlock();  // Go: defer mu.Unlock()
  });
  gor::go([&mu, &x, ch] {
    mu.lock();
    x = 2;
    mu.unlock();
    ch.send(true);
  });
  ch.recv();
  ch.recv();
}

void TestRaceMutex() {
  auto& mu = var<gor::Mutex>();
  int16_t& x = var<int16_t>(0);
  auto ch = gosuite::make_chan<bool>(2);
  gor::go([&mu, &x, ch] {
    x = 1;
    mu.lock();
    ch.send(true);
    mu.unlock();  // Go: defer mu.Unlock()
  });
  gor::go([&mu, &x, ch] {
    x = 2;
    mu.lock();
    mu.unlock();
    ch.send(true);
  });
  ch.recv();
  ch.recv();
}

void TestRaceMutex2() {
  auto& mu1 = var<gor::Mutex>();
  auto& mu2 = var<gor::Mutex>();
  int8_t& x = var<int8_t>(0);
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

void TestNoRaceMutexPureHappensBefore() {
  auto& mu = var<gor::Mutex>();
  int16_t& x = var<int16_t>(0);
  auto ch = gosuite::make_chan<bool>(2);
  gor::go([&mu, &x, ch] {
    x = 1;
    mu.lock();
    mu.unlock();
    ch.send(true);
  });
  gor::go([&mu, &x, ch] {
    gor::after(100us).recv();
    mu.lock();
    mu.unlock();
    x = 1;
    ch.send(true);
  });
  ch.recv();
  ch.recv();
}

void TestNoRaceMutexSemaphore() {
  auto& mu = var<gor::Mutex>();
  auto ch = gosuite::make_chan<bool>(2);
  int& x = var<int>(0);
  mu.lock();
  gor::go([&mu, &x, ch] {
    x = 1;
    mu.unlock();
    ch.send(true);
  });
  gor::go([&mu, &x, ch] {
    mu.lock();
    x = 2;
    mu.unlock();
    ch.send(true);
  });
  ch.recv();
  ch.recv();
}

// from doc/go_mem.html
void TestNoRaceMutexExampleFromHtml() {
  auto& l = var<gor::Mutex>();
  // Go's string is a (pointer, length) value; a const char* is the closest
  // scalar counterpart.
  const char*& a = var<const char*>("");
  l.lock();
  gor::go([&l, &a] {
    a = "hello, world";
    l.unlock();
  });
  l.lock();
  use(a);
}

void TestRaceMutexOverwrite() {
  auto c = gosuite::make_chan<bool>(1);
  auto& mu = var<gor::Mutex>();
  gor::go([&mu, c] {
    // Go's `mu = sync.Mutex{}`: a plain write of the zero value over the
    // mutex. gor::Mutex cannot be assigned; writing its zero bytes is the
    // same memory operation (its zero state is "unlocked, no waiters").
    std::memset(static_cast<void*>(&mu), 0, sizeof mu);
    c.send(true);
  });
  mu.lock();
  c.recv();
}

constexpr gosuite::Test kTests[] = {
    GOSUITE_TEST(TestNoRaceMutex),          GOSUITE_TEST(TestRaceMutex),
    GOSUITE_TEST(TestRaceMutex2),           GOSUITE_TEST(TestNoRaceMutexPureHappensBefore),
    GOSUITE_TEST(TestNoRaceMutexSemaphore), GOSUITE_TEST(TestNoRaceMutexExampleFromHtml),
    GOSUITE_TEST(TestRaceMutexOverwrite),
};

}  // namespace

int main(int argc, char** argv) {
  return gosuite::run(argc, argv, kTests);
}
