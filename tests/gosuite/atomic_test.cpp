// Port of Go's src/runtime/race/testdata/atomic_test.go: sync/atomic
// operations are sequentially consistent synchronisation (a store or RMW
// happens before the load or RMW that observes it) and an atomic access
// still races with a plain access to the same word. 5 TestRace* and 14
// TestNoRace* tests. Conventions: see chan_test.cpp.
//
// Go's atomic.AddInt32(&s, 1) etc. operate on plain variables, which Go code
// may also access without atomics. The C++ counterpart is std::atomic_ref
// over a plain variable (seq_cst, like every Go atomic); the helpers below
// keep Go's names and results (Add returns the new value).
#include <atomic>
#include <cstdint>

#include <gor/gor.hpp>

#include "harness.hpp"

namespace {

using gosuite::use;
using gosuite::var;

// atomic.AddT: adds `delta` to `addr` and returns the new value.
template <class T>
T atomic_add(T& addr, T delta) {
  return std::atomic_ref<T>(addr).fetch_add(delta) + delta;
}
// atomic.LoadT.
template <class T>
T atomic_load(T& addr) {
  return std::atomic_ref<T>(addr).load();
}
// atomic.StoreT.
template <class T>
void atomic_store(T& addr, T value) {
  std::atomic_ref<T>(addr).store(value);
}
// atomic.CompareAndSwapT: stores `desired` iff `addr` holds `old`; returns
// whether it did.
template <class T>
bool atomic_cas(T& addr, T old, T desired) {
  return std::atomic_ref<T>(addr).compare_exchange_strong(old, desired);
}

void TestNoRaceAtomicAddInt64() {
  int8_t& x1 = var<int8_t>(0);
  int8_t& x2 = var<int8_t>(0);
  int64_t& s = var<int64_t>(0);
  auto ch = gosuite::make_chan<bool>(2);
  gor::go([&x1, &x2, &s, ch] {
    x1 = 1;
    if (atomic_add<int64_t>(s, 1) == 2) x2 = 1;
    ch.send(true);
  });
  gor::go([&x1, &x2, &s, ch] {
    x2 = 1;
    if (atomic_add<int64_t>(s, 1) == 2) x1 = 1;
    ch.send(true);
  });
  ch.recv();
  ch.recv();
}

void TestRaceAtomicAddInt64() {
  int8_t& x1 = var<int8_t>(0);
  int8_t& x2 = var<int8_t>(0);
  int64_t& s = var<int64_t>(0);
  auto ch = gosuite::make_chan<bool>(2);
  gor::go([&x1, &x2, &s, ch] {
    x1 = 1;
    if (atomic_add<int64_t>(s, 1) == 1) x2 = 1;
    ch.send(true);
  });
  gor::go([&x1, &x2, &s, ch] {
    x2 = 1;
    if (atomic_add<int64_t>(s, 1) == 1) x1 = 1;
    ch.send(true);
  });
  ch.recv();
  ch.recv();
}

void TestNoRaceAtomicAddInt32() {
  int8_t& x1 = var<int8_t>(0);
  int8_t& x2 = var<int8_t>(0);
  int32_t& s = var<int32_t>(0);
  auto ch = gosuite::make_chan<bool>(2);
  gor::go([&x1, &x2, &s, ch] {
    x1 = 1;
    if (atomic_add<int32_t>(s, 1) == 2) x2 = 1;
    ch.send(true);
  });
  gor::go([&x1, &x2, &s, ch] {
    x2 = 1;
    if (atomic_add<int32_t>(s, 1) == 2) x1 = 1;
    ch.send(true);
  });
  ch.recv();
  ch.recv();
}

void TestNoRaceAtomicLoadAddInt32() {
  int64_t& x = var<int64_t>(0);
  int32_t& s = var<int32_t>(0);
  gor::go([&x, &s] {
    x = 2;
    atomic_add<int32_t>(s, 1);
  });
  while (atomic_load(s) != 1) gor::yield();
  x = 1;
}

void TestNoRaceAtomicLoadStoreInt32() {
  int64_t& x = var<int64_t>(0);
  int32_t& s = var<int32_t>(0);
  gor::go([&x, &s] {
    x = 2;
    atomic_store<int32_t>(s, 1);
  });
  while (atomic_load(s) != 1) gor::yield();
  x = 1;
}

void TestNoRaceAtomicStoreCASInt32() {
  int64_t& x = var<int64_t>(0);
  int32_t& s = var<int32_t>(0);
  gor::go([&x, &s] {
    x = 2;
    atomic_store<int32_t>(s, 1);
  });
  while (!atomic_cas<int32_t>(s, 1, 0)) gor::yield();
  x = 1;
}

void TestNoRaceAtomicCASLoadInt32() {
  int64_t& x = var<int64_t>(0);
  int32_t& s = var<int32_t>(0);
  gor::go([&x, &s] {
    x = 2;
    if (!atomic_cas<int32_t>(s, 0, 1)) gosuite::fail("CAS 0->1 failed");  // Go: panic("")
  });
  while (atomic_load(s) != 1) gor::yield();
  x = 1;
}

void TestNoRaceAtomicCASCASInt32() {
  int64_t& x = var<int64_t>(0);
  int32_t& s = var<int32_t>(0);
  gor::go([&x, &s] {
    x = 2;
    if (!atomic_cas<int32_t>(s, 0, 1)) gosuite::fail("CAS 0->1 failed");  // Go: panic("")
  });
  while (!atomic_cas<int32_t>(s, 1, 0)) gor::yield();
  x = 1;
}

void TestNoRaceAtomicCASCASInt32_2() {
  int8_t& x1 = var<int8_t>(0);
  int8_t& x2 = var<int8_t>(0);
  int32_t& s = var<int32_t>(0);
  auto ch = gosuite::make_chan<bool>(2);
  gor::go([&x1, &x2, &s, ch] {
    x1 = 1;
    if (!atomic_cas<int32_t>(s, 0, 1)) x2 = 1;
    ch.send(true);
  });
  gor::go([&x1, &x2, &s, ch] {
    x2 = 1;
    if (!atomic_cas<int32_t>(s, 0, 1)) x1 = 1;
    ch.send(true);
  });
  ch.recv();
  ch.recv();
}

void TestNoRaceAtomicLoadInt64() {
  int32_t& x = var<int32_t>(0);
  int64_t& s = var<int64_t>(0);
  gor::go([&x, &s] {
    x = 2;
    atomic_add<int64_t>(s, 1);
  });
  while (atomic_load(s) != 1) gor::yield();
  x = 1;
}

void TestNoRaceAtomicCASCASUInt64() {
  int64_t& x = var<int64_t>(0);
  uint64_t& s = var<uint64_t>(0);
  gor::go([&x, &s] {
    x = 2;
    if (!atomic_cas<uint64_t>(s, 0, 1)) gosuite::fail("CAS 0->1 failed");  // Go: panic("")
  });
  while (!atomic_cas<uint64_t>(s, 1, 0)) gor::yield();
  x = 1;
}

void TestNoRaceAtomicLoadStorePointer() {
  int64_t& x = var<int64_t>(0);
  void*& s = var<void*>(nullptr);
  int& y = var<int>(2);
  void* p = &y;
  gor::go([&x, &s, p] {
    x = 2;
    atomic_store(s, p);
  });
  while (atomic_load(s) != p) gor::yield();
  x = 1;
}

void TestNoRaceAtomicStoreCASUint64() {
  int64_t& x = var<int64_t>(0);
  uint64_t& s = var<uint64_t>(0);
  gor::go([&x, &s] {
    x = 2;
    atomic_store<uint64_t>(s, 1);
  });
  while (!atomic_cas<uint64_t>(s, 1, 0)) gor::yield();
  x = 1;
}

void TestRaceAtomicStoreLoad() {
  auto c = gosuite::make_chan<bool>();
  uint64_t& a = var<uint64_t>(0);
  gor::go([&a, c] {
    atomic_store<uint64_t>(a, 1);
    c.send(true);
  });
  use(a);
  c.recv();
}

void TestRaceAtomicLoadStore() {
  auto c = gosuite::make_chan<bool>();
  uint64_t& a = var<uint64_t>(0);
  gor::go([&a, c] {
    use(atomic_load(a));
    c.send(true);
  });
  a = 1;
  c.recv();
}

void TestRaceAtomicAddLoad() {
  auto c = gosuite::make_chan<bool>();
  uint64_t& a = var<uint64_t>(0);
  gor::go([&a, c] {
    atomic_add<uint64_t>(a, 1);
    c.send(true);
  });
  use(a);
  c.recv();
}

void TestRaceAtomicAddStore() {
  auto c = gosuite::make_chan<bool>();
  uint64_t& a = var<uint64_t>(0);
  gor::go([&a, c] {
    atomic_add<uint64_t>(a, 1);
    c.send(true);
  });
  a = 42;
  c.recv();
}

// Increments `counter` atomically, then panics the way a nil pointer does in
// Go (see TestNoRaceAtomicCrash).
[[gnu::noinline]] void atomic_add_then_panic(int32_t& counter) {
  atomic_add<int32_t>(counter, 1);
  gor::Chan<int> nil_channel;
  nil_channel.close();
}

// Go: a nil pointer in an atomic operation (a recovered panic inside
// atomic.AddInt32) should not deadlock the rest of the program; it used to
// hang. In C++ an atomic operation through a null pointer is undefined
// behaviour (a crash), not a panic, so the port panics right after an atomic
// operation inside an instrumented callee (closing a nil channel, the
// closest recoverable panic on a nil object), unwinds through it, and checks
// that the Mutex still works.
void TestNoRaceAtomicCrash() {
  auto& mutex = var<gor::Mutex>();
  int32_t& counter = var<int32_t>(0);
  int& panics = var<int>(0);
  try {
    atomic_add_then_panic(counter);
    gosuite::fail("close of a nil channel did not panic");
  } catch (const gor::Panic&) {
    mutex.lock();
    panics++;
    mutex.unlock();
  }
}

constexpr gosuite::Test kTests[] = {
    GOSUITE_TEST(TestNoRaceAtomicAddInt64),       GOSUITE_TEST(TestRaceAtomicAddInt64),
    GOSUITE_TEST(TestNoRaceAtomicAddInt32),       GOSUITE_TEST(TestNoRaceAtomicLoadAddInt32),
    GOSUITE_TEST(TestNoRaceAtomicLoadStoreInt32), GOSUITE_TEST(TestNoRaceAtomicStoreCASInt32),
    GOSUITE_TEST(TestNoRaceAtomicCASLoadInt32),   GOSUITE_TEST(TestNoRaceAtomicCASCASInt32),
    GOSUITE_TEST(TestNoRaceAtomicCASCASInt32_2),  GOSUITE_TEST(TestNoRaceAtomicLoadInt64),
    GOSUITE_TEST(TestNoRaceAtomicCASCASUInt64),   GOSUITE_TEST(TestNoRaceAtomicLoadStorePointer),
    GOSUITE_TEST(TestNoRaceAtomicStoreCASUint64), GOSUITE_TEST(TestRaceAtomicStoreLoad),
    GOSUITE_TEST(TestRaceAtomicLoadStore),        GOSUITE_TEST(TestRaceAtomicAddLoad),
    GOSUITE_TEST(TestRaceAtomicAddStore),         GOSUITE_TEST(TestNoRaceAtomicCrash),
};

}  // namespace

int main(int argc, char** argv) {
  return gosuite::run(argc, argv, kTests);
}
