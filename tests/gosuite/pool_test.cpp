// Port of Go's src/runtime/race/testdata/pool_test.go: Put happens before
// the Get that returns the same object, and nothing more (under the race
// detector Go's Pool drops a random 1 in 4 Puts, so each test repeats).
// 1 TestRace* and 1 TestNoRace* test. Conventions: see chan_test.cpp.
//
// Go pools a []byte, a reference to a backing array; the port pools char*
// pointing to a 10-byte array that is never freed (like var()).
#include <chrono>

#include <gor/gor.hpp>

#include "harness.hpp"

namespace {

using namespace std::chrono_literals;
using gosuite::var;

// A pool of 10-byte buffers, Go's &sync.Pool{New: func() any { return make([]byte, 10) }}.
gor::Pool<char*>& new_buffer_pool() {
  return var<gor::Pool<char*>>([] { return new char[10](); });
}

void TestRacePool() {
  // Pool randomly drops the argument on the floor during Put. Repeat so that
  // at least one iteration gets reuse.
  for (int i = 0; i < 10; i++) {
    auto c = gosuite::make_chan<int>();
    auto& p = new_buffer_pool();
    char* x = p.get();
    x[0] = 1;
    p.put(x);
    gor::go([&p, c] {
      char* y = p.get();
      y[0] = 2;
      c.send(1);
    });
    x[0] = 3;
    c.recv();
  }
}

void TestNoRacePool() {
  for (int i = 0; i < 10; i++) {
    auto& p = new_buffer_pool();
    char* x = p.get();
    x[0] = 1;
    p.put(x);
    gor::go([&p] {
      char* y = p.get();
      y[0] = 2;
      p.put(y);
    });
    gor::sleep(100ms);
    x = p.get();
    x[0] = 3;
  }
}

constexpr gosuite::Test kTests[] = {
    GOSUITE_TEST(TestRacePool),
    GOSUITE_TEST(TestNoRacePool),
};

}  // namespace

int main(int argc, char** argv) {
  return gosuite::run(argc, argv, kTests);
}
