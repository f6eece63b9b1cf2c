// Port of Go's src/runtime/race/testdata/comp_test.go (Go 1.19): races on
// fields of composite values (nested structs, arrays of structs, type
// conversions, structs of pointers). Conventions: see mop_test.cpp.
#include <gor/gor.hpp>

#include "gocommon.hpp"

namespace {

using gosuite::make_chan;
using gosuite::make_slice;
using gosuite::Slice;
using gosuite::use;
using gosuite::use_obj;
using gosuite::var;

struct P {
  long x, y;
};

struct S {
  P s1, s2;
};

void TestNoRaceComp() {
  auto c = make_chan<bool>(1);
  auto& s = var<S>();
  gor::go([&s, c] {
    s.s2.x = 1;
    c.send(true);
  });
  s.s2.y = 2;
  c.recv();
}

void TestNoRaceComp2() {
  auto c = make_chan<bool>(1);
  auto& s = var<S>();
  gor::go([&s, c] {
    s.s1.x = 1;
    c.send(true);
  });
  s.s1.y = 2;
  c.recv();
}

void TestRaceComp() {
  auto c = make_chan<bool>(1);
  auto& s = var<S>();
  gor::go([&s, c] {
    s.s2.y = 1;
    c.send(true);
  });
  s.s2.y = 2;
  c.recv();
}

void TestRaceComp2() {
  auto c = make_chan<bool>(1);
  auto& s = var<S>();
  gor::go([&s, c] {
    s.s1.x = 1;
    c.send(true);
  });
  s = S{};
  c.recv();
}

void TestRaceComp3() {
  auto c = make_chan<bool>(1);
  auto& s = var<S>();
  gor::go([&s, c] {
    s.s2.y = 1;
    c.send(true);
  });
  s = S{};
  c.recv();
}

void TestRaceCompArray() {
  auto c = make_chan<bool>(1);
  auto& s = var<Slice<S>>(make_slice<S>(10));
  auto& x = var<long>(4);
  gor::go([&s, &x, c] {
    s[x].s2.y = 1;
    c.send(true);
  });
  x = 5;
  c.recv();
}

// Go's `type P2 P` / `type S2 S`: distinct types with the same layout;
// a conversion copies the value.
struct P2 {
  long x, y;
  explicit operator P() const { return P{x, y}; }
};
struct S2 {
  P s1, s2;
  explicit operator S() const { return S{s1, s2}; }
};
P2 toP2(P p) {
  return P2{p.x, p.y};
}

void TestRaceConv1() {
  auto c = make_chan<bool>(1);
  auto& p = var<P2>();
  gor::go([&p, c] {
    p.x = 1;
    c.send(true);
  });
  use(P(p).x);
  c.recv();
}

void TestRaceConv2() {
  auto c = make_chan<bool>(1);
  auto& p = var<P2>();
  gor::go([&p, c] {
    p.x = 1;
    c.send(true);
  });
  P2* ptr = &p;
  use(P(*ptr).x);
  c.recv();
}

void TestRaceConv3() {
  auto c = make_chan<bool>(1);
  auto& s = var<S2>();
  gor::go([&s, c] {
    s.s1.x = 1;
    c.send(true);
  });
  use(toP2(S(s).s1).x);
  c.recv();
}

struct X {
  P V[4];
};
struct X2 {
  P V[4];
  explicit operator X() const {
    X r;
    for (int i = 0; i < 4; i++) r.V[i] = V[i];
    return r;
  }
};

void TestRaceConv4() {
  auto c = make_chan<bool>(1);
  auto& x = var<X2>();
  gor::go([&x, c] {
    x.V[1].x = 1;
    c.send(true);
  });
  use(toP2(X(x).V[1]).x);
  c.recv();
}

struct Ptr {
  P *s1, *s2;
};

void TestNoRaceCompPtr() {
  auto c = make_chan<bool>(1);
  auto& p = var<Ptr>(Ptr{new P{}, new P{}});
  gor::go([&p, c] {
    p.s1->x = 1;
    c.send(true);
  });
  p.s1->y = 2;
  c.recv();
}

void TestNoRaceCompPtr2() {
  auto c = make_chan<bool>(1);
  auto& p = var<Ptr>(Ptr{new P{}, new P{}});
  gor::go([&p, c] {
    p.s1->x = 1;
    c.send(true);
  });
  use_obj(p);
  c.recv();
}

void TestRaceCompPtr() {
  auto c = make_chan<bool>(1);
  auto& p = var<Ptr>(Ptr{new P{}, new P{}});
  gor::go([&p, c] {
    p.s2->x = 1;
    c.send(true);
  });
  p.s2->x = 2;
  c.recv();
}

void TestRaceCompPtr2() {
  auto c = make_chan<bool>(1);
  auto& p = var<Ptr>(Ptr{new P{}, new P{}});
  gor::go([&p, c] {
    p.s2->x = 1;
    c.send(true);
  });
  p.s2 = new P{};
  c.recv();
}

const gosuite::Test kTests[] = {
    GOSUITE_TEST(TestNoRaceComp),    GOSUITE_TEST(TestNoRaceComp2),
    GOSUITE_TEST(TestRaceComp),      GOSUITE_TEST(TestRaceComp2),
    GOSUITE_TEST(TestRaceComp3),     GOSUITE_TEST(TestRaceCompArray),
    GOSUITE_TEST(TestRaceConv1),     GOSUITE_TEST(TestRaceConv2),
    GOSUITE_TEST(TestRaceConv3),     GOSUITE_TEST(TestRaceConv4),
    GOSUITE_TEST(TestNoRaceCompPtr), GOSUITE_TEST(TestNoRaceCompPtr2),
    GOSUITE_TEST(TestRaceCompPtr),   GOSUITE_TEST(TestRaceCompPtr2),
};

}  // namespace

int main(int argc, char** argv) {
  return gosuite::run(argc, argv, kTests);
}
