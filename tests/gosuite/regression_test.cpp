// Port of Go's src/runtime/race/testdata/regression_test.go (Go 1.19): code
// patterns that once broke Go's instrumentation. Its non-test functions
// (NewLog, InstrumentMapLen*, AddrOfTemp, encodeType, divInSlice,
// issue5431) only had to compile and are not ported. Conventions: see
// mop_test.cpp.
#include <unordered_map>

#include <gor/gor.hpp>

#include "gocommon.hpp"

namespace {

using gosuite::keep;
using gosuite::make_chan;
using gosuite::Slice;
using gosuite::use;
using gosuite::var;

void TestRaceUnaddressableMapLen() {
  using Inner = std::unordered_map<long, long>;
  auto& m = var<std::unordered_map<long, Inner>>();
  auto ch = make_chan<int>(1);
  m[0] = Inner();
  gor::go([&m, ch] {
    use(m.find(0)->second.size());  // _ = len(m[0])
    ch.send(0);
  });
  m.find(0)->second[0] = 1;  // m[0][0] = 1
  ch.recv();
}

// type stack []int
struct stack {
  Slice<long> s;
  void push(long x) { s = gosuite::append(s, x); }
  long pop() {
    long i = s.len;
    long n = s[i - 1];
    s = s.slice(0, i - 1);
    return n;
  }
};

void TestNoRaceStackPushPop() {
  auto& s = var<stack>();
  gor::go([](stack* s) { use(s); }, &s);
  s.push(1);
  long x = s.pop();
  use(x);
}

struct RpcChan {
  gor::Chan<bool> c;
};

long makeChanCalls;

[[gnu::noinline]] RpcChan* makeChan() {
  makeChanCalls++;
  RpcChan* c = new RpcChan{make_chan<bool>(1)};
  c->c.send(true);
  return c;
}

bool call() {
  bool x = makeChan()->c.recv();
  return x;
}

void TestNoRaceRpcChan() {
  makeChanCalls = 0;
  use(call());
  if (makeChanCalls != 1) gosuite::fail("makeChanCalls != 1");
}

// Return used to do an implicit a = a, causing a read/write race
// with the goroutine. See issue 4014.
std::pair<long, long> noRaceReturn(gor::Chan<int> c) {
  auto& a = var<long>(0);  // named result, captured by the goroutine
  a = 42;
  gor::go([&a, c] {
    use(a);
    c.send(1);
  });
  return {a, 10};
}

void TestNoRaceReturn() {
  auto c = make_chan<int>();
  keep(noRaceReturn(c));
  c.recv();
}

// type Int int with Foo() returning a fresh *struct{ b bool }; iface is an
// interface: here an abstract class boxing the Int.
struct B {
  bool b;
};
struct iface {
  virtual B* Foo() = 0;
};
struct IntBox : iface {
  long v;
  explicit IntBox(long v) : v(v) {}
  B* Foo() override { return new B{false}; }
};

void TestNoRaceForInfiniteLoop() {
  long x = 0;
  // interface conversion causes nodes to be put on init list
  while (static_cast<iface*>(new IntBox(x))->Foo()->b) {
  }
}

const gosuite::Test kTests[] = {
    GOSUITE_TEST(TestRaceUnaddressableMapLen), GOSUITE_TEST(TestNoRaceStackPushPop),
    GOSUITE_TEST(TestNoRaceRpcChan),           GOSUITE_TEST(TestNoRaceReturn),
    GOSUITE_TEST(TestNoRaceForInfiniteLoop),
};

}  // namespace

int main(int argc, char** argv) {
  return gosuite::run(argc, argv, kTests);
}
