// Port of Go's src/runtime/race/testdata/mop_test.go (Go 1.19, the copy in
// /usr/lib/go-1.19): races on plain memory operations: globals, closures,
// struct fields, arrays, slices, maps, strings, interfaces, function values,
// method values, defer/panic arguments, address-taken locals.
//
// Conventions: those of tests/gosuite (README.md there) plus gocommon.hpp:
// Go int is long; a Go string is a std::string_view (pointer + length, like
// Go's string header); `any` is std::any; an interface holding a value is a
// pointer to a heap box (Go boxes the value); a func value is std::function;
// a map is std::unordered_map (Go reports a map operation as an access of the
// map object; in C++ the container's own fields are accessed); a slice is
// gosuite::Slice (header + never-freed backing array).
#include <fcntl.h>
#include <unistd.h>

#include <any>
#include <array>
#include <cerrno>
#include <chrono>
#include <complex>
#include <cstdio>
#include <functional>
#include <string>
#include <string_view>
#include <typeinfo>
#include <unordered_map>

#include <gor/gor.hpp>
#include <gor/race.hpp>

#include "gocommon.hpp"

// Go's package-level (exported) variables: external linkage, so the
// optimizer cannot drop the never-read GlobalY's store (and with it the read
// of GlobalX), which Go keeps.
long GlobalX = 0, GlobalY = 0;
gor::Chan<int>* GlobalCh;  // Go: var GlobalCh chan int = make(chan int, 2)

namespace {

using namespace std::chrono_literals;
using gosuite::append;
using gosuite::keep;
using gosuite::make_chan;
using gosuite::make_slice;
using gosuite::Slice;
using gosuite::use;
using gosuite::use_obj;
using gosuite::var;

struct Point {
  long x, y;
};

struct NamedPoint {
  std::string_view name;
  Point p;
};

struct Writer {
  virtual long Write(Slice<char> p) = 0;
};
struct DummyWriter : Writer {
  long state;
  explicit DummyWriter(long s) : state(s) {}
  long Write(Slice<char>) override { return 0; }
};

void GlobalFunc1() {
  GlobalY = GlobalX;
  GlobalCh->send(1);
}

void GlobalFunc2() {
  GlobalX = 1;
  GlobalCh->send(1);
}

void TestRaceIntRWGlobalFuncs() {
  if (!GlobalCh) GlobalCh = new gor::Chan<int>(make_chan<int>(2));  // package init
  gor::go(GlobalFunc1);
  gor::go(GlobalFunc2);
  GlobalCh->recv();
  GlobalCh->recv();
}

void TestRaceIntRWClosures() {
  auto& x = var<long>(0);
  auto& y = var<long>(0);
  auto ch = make_chan<int>(2);
  gor::go([&x, &y, ch] {
    y = x;
    ch.send(1);
  });
  gor::go([&x, ch] {
    x = 1;
    ch.send(1);
  });
  ch.recv();
  ch.recv();
}

void TestNoRaceIntRWClosures() {
  auto& x = var<long>(0);
  auto& y = var<long>(0);
  auto ch = make_chan<int>(1);
  gor::go([&x, &y, ch] {
    y = x;
    ch.send(1);
  });
  ch.recv();
  gor::go([&x, ch] {
    x = 1;
    ch.send(1);
  });
  ch.recv();
}

void TestRaceInt32RWClosures() {
  auto& x = var<int32_t>(0);
  auto& y = var<int32_t>(0);
  auto ch = make_chan<bool>(2);
  gor::go([&x, &y, ch] {
    y = x;
    ch.send(true);
  });
  gor::go([&x, ch] {
    x = 1;
    ch.send(true);
  });
  ch.recv();
  ch.recv();
}

void TestNoRaceCase() {
  long y = 0;
  for (long x = -1; x <= 1; x++) {
    if (x < 0) {
      y = -1;
    } else if (x == 0) {
      y = 0;
    } else if (x > 0) {
      y = 1;
    }
  }
  y++;
  use(y);
}

void TestRaceCaseCondition() {
  auto& x = var<long>(0);
  auto ch = make_chan<int>(2);
  gor::go([&x, ch] {
    x = 2;
    ch.send(1);
  });
  gor::go([&x, ch] {
    switch (x < 2) {
      case true:
        x = 1;
        break;
      default:
        break;
    }
    ch.send(1);
  });
  ch.recv();
  ch.recv();
}

void TestRaceCaseCondition2() {
  auto& x = var<long>(0);
  auto ch = make_chan<int>(2);
  gor::go([&x, ch] {
    x = 2;
    ch.send(1);
  });
  gor::go([&x, ch] {
    switch (x < 2) {
      case true:
        x = 1;
        break;
      case false:
        x = 5;
        break;
    }
    ch.send(1);
  });
  ch.recv();
  ch.recv();
}

void TestRaceCaseBody() {
  auto& x = var<long>(0);
  auto& y = var<long>(0);
  auto ch = make_chan<int>(2);
  gor::go([&x, &y, ch] {
    y = x;
    ch.send(1);
  });
  gor::go([&x, ch] {
    if (x == 100) {
      x = -x;
    } else {
      x = 1;
    }
    ch.send(1);
  });
  ch.recv();
  ch.recv();
}

void TestNoRaceCaseFallthrough() {
  auto& x = var<long>(0);
  auto& y = var<long>(0);
  auto& z = var<long>(0);
  auto ch = make_chan<int>(2);
  z = 1;
  gor::go([&x, &y, ch] {
    y = x;
    ch.send(1);
  });
  gor::go([&x, &z, ch] {
    if (z == 1) {
    } else if (z == 2) {
      x = 2;
    }
    ch.send(1);
  });
  ch.recv();
  ch.recv();
}

void TestRaceCaseFallthrough() {
  auto& x = var<long>(0);
  auto& y = var<long>(0);
  auto& z = var<long>(0);
  auto ch = make_chan<int>(2);
  z = 1;
  gor::go([&x, &y, ch] {
    y = x;
    ch.send(1);
  });
  gor::go([&x, &z, ch] {
    if (z == 1 || z == 2) {  // case z == 1: fallthrough; case z == 2: x = 2
      x = 2;
    }
    ch.send(1);
  });
  ch.recv();
  ch.recv();
}

using StrMap = std::unordered_map<std::string_view, std::string_view>;

void TestRaceCaseIssue6418() {
  auto& m = var<std::unordered_map<std::string_view, StrMap>>();
  m["a"] = StrMap{{"b", "c"}};
  auto ch = make_chan<int>();
  gor::go([&m, ch] {
    m.find("a")->second["x"] = "y";
    ch.send(1);
  });
  use_obj(m.find("a")->second.find("b")->second);  // switch m["a"]["b"] {}
  ch.recv();
}

void TestRaceCaseType() {
  long x = 0, y = 0;
  auto& i = var<std::any>(x);
  auto c = make_chan<int>(1);
  gor::go([&i, c] {
    // switch i.(type) { case nil: case int: }
    use(!i.has_value() || i.type() == typeid(long));
    c.send(1);
  });
  i = y;
  c.recv();
}

void TestRaceCaseTypeBody() {
  auto& x = var<long>(0);
  auto& y = var<long>(0);
  auto& i = var<std::any>(&x);
  auto c = make_chan<int>(1);
  gor::go([&i, &y, c] {
    if (long* const* p = std::any_cast<long*>(&i)) **p = y;
    c.send(1);
  });
  x = y;
  c.recv();
}

void TestRaceCaseTypeIssue5890() {
  auto& x = var<long>(0);
  long y = 0;
  auto& m = var<std::unordered_map<long, std::unordered_map<long, std::any>>>();
  m[0] = std::unordered_map<long, std::any>();
  auto c = make_chan<int>(1);
  gor::go([&m, &x, c] {
    auto& inner = m.find(0)->second;
    auto it = inner.find(1);
    std::any i = it == inner.end() ? std::any() : it->second;
    if (long* const* p = std::any_cast<long*>(&i)) **p = x;
    c.send(1);
  });
  m.find(0)->second[1] = y;
  c.recv();
}

void TestNoRaceRange() {
  auto ch = make_chan<long>(3);
  std::array<long, 3> a{1, 2, 3};
  for (long v : a) ch.send(v);
  ch.close();
}

void TestNoRaceRangeIssue5446() {
  auto ch = make_chan<long>(3);
  Slice<long> a = gosuite::slice_of<long>({1, 2, 3});
  Slice<long> b = gosuite::slice_of<long>({4});
  long i = 1;
  for (long k = 0; k < b.len; k++) {  // for i, a[i] = range b
    i = k;
    a[i] = b[k];
    ch.send(i);
  }
  ch.close();
}

void TestRaceRange() {
  constexpr long N = 2;
  std::array<long, N> a{};
  auto& x = var<long>(0);
  auto& y = var<long>(0);
  auto done = make_chan<bool>(N);
  // Go <= 1.21: one loop variable v for all iterations, captured by the
  // closures (the race is on v).
  auto& v = var<long>(0);
  for (long i = 0; i < N; i++) {
    v = a[i];
    gor::go(
        [&x, &y, &v, done](long i) {
          if (i == 0) {
            x = v;
          } else {
            y = v;
          }
          done.send(true);
        },
        i);
    gor::yield();
  }
  for (long i = 0; i < N; i++) done.recv();
}

void TestRaceForInit() {
  auto c = make_chan<long>();
  auto& x = var<long>(0);
  gor::go([&x, c] { c.send(x); });
  for (x = 42; false;) {
  }
  c.recv();
}

void TestNoRaceForInit() {
  auto done = make_chan<bool>();
  auto c = make_chan<bool>();
  auto& x = var<long>(0);
  gor::go([&x, c, done] {
    for (;;) {
      auto [v, ok] = c.recv_ok();
      if (!ok) {
        done.send(true);
        return;
      }
      x++;
    }
  });
  long i = 0;
  for (x = 42; i < 10; i++) c.send(true);
  c.close();
  done.recv();
}

void TestRaceForTest() {
  auto done = make_chan<bool>();
  auto c = make_chan<bool>();
  auto& stop = var<bool>(false);
  gor::go([&stop, c, done] {
    for (;;) {
      auto [v, ok] = c.recv_ok();
      if (!ok) {
        done.send(true);
        return;
      }
      stop = true;
    }
  });
  while (!stop) c.send(true);
  c.close();
  done.recv();
}

void TestRaceForIncr() {
  auto done = make_chan<bool>();
  auto c = make_chan<bool>();
  auto& x = var<long>(0);
  gor::go([&x, c, done] {
    for (;;) {
      auto [v, ok] = c.recv_ok();
      if (!ok) {
        done.send(true);
        return;
      }
      x++;
    }
  });
  for (long i = 0; i < 10; x++) {
    i++;
    c.send(true);
  }
  c.close();
  done.recv();
}

void TestNoRaceForIncr() {
  auto done = make_chan<bool>();
  auto& x = var<long>(0);
  gor::go([&x, done] {
    x++;
    done.send(true);
  });
  for (long i = 0; i < 0; x++) {
  }
  done.recv();
}

void TestRacePlus() {
  auto& x = var<long>(0);
  auto& y = var<long>(0);
  auto& z = var<long>(0);
  auto ch = make_chan<int>(2);
  gor::go([&, ch] {
    y = x + z;
    ch.send(1);
  });
  gor::go([&, ch] {
    y = x + z + z;
    ch.send(1);
  });
  ch.recv();
  ch.recv();
}

void TestRacePlus2() {
  auto& x = var<long>(0);
  auto& y = var<long>(0);
  auto& z = var<long>(0);
  auto ch = make_chan<int>(2);
  gor::go([&, ch] {
    x = 1;
    ch.send(1);
  });
  gor::go([&, ch] {
    y = +x + z;
    ch.send(1);
  });
  ch.recv();
  ch.recv();
}

void TestNoRacePlus() {
  auto& x = var<long>(0);
  auto& y = var<long>(0);
  auto& z = var<long>(0);
  auto& f = var<long>(0);
  auto ch = make_chan<int>(2);
  gor::go([&, ch] {
    y = x + z;
    ch.send(1);
  });
  gor::go([&, ch] {
    f = z + x;
    ch.send(1);
  });
  ch.recv();
  ch.recv();
}

void TestRaceComplement() {
  auto& x = var<long>(0);
  auto& y = var<long>(0);
  auto& z = var<long>(0);
  auto ch = make_chan<int>(2);
  gor::go([&, ch] {
    x = ~y;
    ch.send(1);
  });
  gor::go([&, ch] {
    y = ~z;
    ch.send(1);
  });
  ch.recv();
  ch.recv();
}

void TestRaceDiv() {
  auto& x = var<long>(0);
  auto& y = var<long>(0);
  auto& z = var<long>(0);
  auto ch = make_chan<int>(2);
  gor::go([&, ch] {
    x = gosuite::go_div(y, z + 1);
    ch.send(1);
  });
  gor::go([&, ch] {
    y = z;
    ch.send(1);
  });
  ch.recv();
  ch.recv();
}

void TestRaceDivConst() {
  auto& x = var<uint32_t>(0);
  auto& y = var<uint32_t>(0);
  auto& z = var<uint32_t>(0);
  auto ch = make_chan<int>(2);
  gor::go([&, ch] {
    x = y / 3;
    ch.send(1);
  });
  gor::go([&, ch] {
    y = z;
    ch.send(1);
  });
  ch.recv();
  ch.recv();
}

void TestRaceMod() {
  auto& x = var<long>(0);
  auto& y = var<long>(0);
  auto& z = var<long>(0);
  auto ch = make_chan<int>(2);
  gor::go([&, ch] {
    long d = z + 1;
    if (d == 0) gosuite::rt_panic("runtime error: integer divide by zero");
    x = y % d;
    ch.send(1);
  });
  gor::go([&, ch] {
    y = z;
    ch.send(1);
  });
  ch.recv();
  ch.recv();
}

void TestRaceModConst() {
  auto& x = var<long>(0);
  auto& y = var<long>(0);
  auto& z = var<long>(0);
  auto ch = make_chan<int>(2);
  gor::go([&, ch] {
    x = y % 3;
    ch.send(1);
  });
  gor::go([&, ch] {
    y = z;
    ch.send(1);
  });
  ch.recv();
  ch.recv();
}

void TestRaceRotate() {
  auto& x = var<uint32_t>(0);
  auto& y = var<uint32_t>(0);
  auto& z = var<uint32_t>(0);
  auto ch = make_chan<int>(2);
  gor::go([&, ch] {
    x = y << 12 | y >> 20;
    ch.send(1);
  });
  gor::go([&, ch] {
    y = z;
    ch.send(1);
  });
  ch.recv();
  ch.recv();
}

void TestNoRaceEnoughRegisters() {
  constexpr double sa1 = 1, sa2 = 2, sa3 = 3, sa4 = 4, sa5 = 5, sa6 = 6, sa7 = 7, sa8 = 8;
  double s = 3.1415;
  double S =
      1 +
      s * (sa1 + s * (sa2 + s * (sa3 + s * (sa4 + s * (sa5 + s * (sa6 + s * (sa7 + s * sa8)))))));
  s = S;
  use(s);
}

// emptyFunc should not be inlined (Go: its argument is evaluated).
[[gnu::noinline]] void emptyFunc(long x) {
  use(x);
}

void TestRaceFuncArgument() {
  auto& x = var<long>(0);
  auto ch = make_chan<bool>(1);
  gor::go([&x, ch] {
    emptyFunc(x);
    ch.send(true);
  });
  x = 1;
  ch.recv();
}

void TestRaceFuncArgument2() {
  auto& x = var<long>(0);
  auto ch = make_chan<bool>(2);
  gor::go([&x, ch] {
    x = 42;
    ch.send(true);
  });
  gor::go(
      [ch](long y) {
        use(y);
        ch.send(true);
      },
      x);
  ch.recv();
  ch.recv();
}

void TestRaceSprint() {
  auto& x = var<long>(0);
  auto ch = make_chan<bool>(1);
  gor::go([&x, ch] {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%ld", x);  // fmt.Sprint(x)
    ch.send(true);
  });
  x = 1;
  ch.recv();
}

void TestRaceArrayCopy() {
  auto ch = make_chan<bool>(1);
  auto& a = var<std::array<long, 5>>();
  gor::go([&a, ch] {
    a[3] = 1;
    ch.send(true);
  });
  a = std::array<long, 5>{1, 2, 3, 4, 5};
  ch.recv();
}

// Blows up a naive compiler.
struct Point1M {
  Point v[2][2][2][2][2][2][2][2][2][2][2][2][2][2][2][2][2][2][2][2];
};

void TestRaceNestedArrayCopy() {
  auto ch = make_chan<bool>(1);
  auto& a = var<Point1M>();
  auto& b = var<Point1M>();
  gor::go([&a, ch] {
    a.v[0][1][0][1][0][1][0][1][0][1][0][1][0][1][0][1][0][1][0][1].y = 1;
    ch.send(true);
  });
  a = b;
  ch.recv();
}

void TestRaceStructRW() {
  auto& p = var<Point>(Point{0, 0});
  auto ch = make_chan<bool>(1);
  gor::go([&p, ch] {
    p = Point{1, 1};
    ch.send(true);
  });
  Point q = p;
  ch.recv();
  p = q;
}

void TestRaceStructFieldRW1() {
  auto& p = var<Point>(Point{0, 0});
  auto ch = make_chan<bool>(1);
  gor::go([&p, ch] {
    p.x = 1;
    ch.send(true);
  });
  use(p.x);
  ch.recv();
}

void TestNoRaceStructFieldRW1() {
  auto& p = var<Point>(Point{0, 0});
  auto ch = make_chan<bool>(1);
  gor::go([&p, ch] {
    p.x = 1;
    ch.send(true);
  });
  p.y = 1;
  ch.recv();
  use_obj(p);
}

void TestNoRaceStructFieldRW2() {
  auto& p = var<Point>(Point{0, 0});
  auto ch = make_chan<bool>(1);
  gor::go([&p, ch] {
    p.x = 1;
    ch.send(true);
  });
  p.y = 1;
  ch.recv();
  use_obj(p);
}

void TestRaceStructFieldRW2() {
  auto& p = var<Point*>(new Point{0, 0});
  auto ch = make_chan<bool>(1);
  gor::go([&p, ch] {
    p->x = 1;
    ch.send(true);
  });
  use(p->x);
  ch.recv();
}

void TestRaceStructFieldRW3() {
  auto& p = var<NamedPoint>(NamedPoint{"a", Point{0, 0}});
  auto ch = make_chan<bool>(1);
  gor::go([&p, ch] {
    p.p.x = 1;
    ch.send(true);
  });
  use(p.p.x);
  ch.recv();
}

void TestRaceEfaceWW() {
  auto& a = var<std::any>();
  auto& b = var<std::any>();
  auto ch = make_chan<bool>(1);
  gor::go([&a, ch] {
    a = 1L;
    ch.send(true);
  });
  a = 2L;
  ch.recv();
  use_obj(a);
  use_obj(b);
}

void TestRaceIfaceWW() {
  auto& a = var<Writer*>(nullptr);
  auto& b = var<Writer*>(nullptr);
  auto ch = make_chan<bool>(1);
  gor::go([&a, ch] {
    a = new DummyWriter{1};
    ch.send(true);
  });
  a = new DummyWriter{2};
  ch.recv();
  b = a;
  a = b;
}

void TestRaceIfaceCmp() {
  auto& a = var<Writer*>(nullptr);
  auto& b = var<Writer*>(nullptr);
  a = new DummyWriter{1};
  auto ch = make_chan<bool>(1);
  gor::go([&a, ch] {
    a = new DummyWriter{1};
    ch.send(true);
  });
  use(a == b);
  ch.recv();
}

void TestRaceIfaceCmpNil() {
  auto& a = var<Writer*>(nullptr);
  a = new DummyWriter{1};
  auto ch = make_chan<bool>(1);
  gor::go([&a, ch] {
    a = new DummyWriter{1};
    ch.send(true);
  });
  use(a == nullptr);
  ch.recv();
}

void TestRaceEfaceConv() {
  auto c = make_chan<bool>();
  auto& v = var<long>(0);
  gor::go([&v, c] {
    gor::go([](std::any x) { keep(x); }, std::any(v));
    c.send(true);
  });
  v = 42;
  c.recv();
}

struct IoReader {
  virtual void Read() = 0;
};
struct OsFile : IoReader {
  void Read() override {}
};

void TestRaceIfaceConv() {
  auto c = make_chan<bool>();
  auto& f = var<OsFile*>(new OsFile{});
  gor::go([&f, c] {
    gor::go([](IoReader* x) { use(x); }, static_cast<IoReader*>(f));
    c.send(true);
  });
  f = new OsFile{};
  c.recv();
}

struct Error {
  const char* msg;
};

void TestRaceError() {
  auto ch = make_chan<bool>(1);
  auto& err = var<const Error*>(nullptr);
  gor::go([&err, ch] {
    err = nullptr;
    ch.send(true);
  });
  use(err);
  ch.recv();
}

void TestRaceIntptrRW() {
  auto& x = var<long>(0);
  auto& y = var<long>(0);
  auto& p = var<long*>(&x);
  auto ch = make_chan<bool>(1);
  gor::go([&p, ch] {
    *p = 5;
    ch.send(true);
  });
  y = *p;
  x = y;
  ch.recv();
}

void TestRaceStringRW() {
  auto ch = make_chan<bool>(1);
  auto& s = var<std::string_view>("");
  gor::go([&s, ch] {
    s = "abacaba";
    ch.send(true);
  });
  use_obj(s);
  ch.recv();
}

void TestRaceStringPtrRW() {
  auto ch = make_chan<bool>(1);
  auto& x = var<std::string_view>();
  auto& p = var<std::string_view*>(&x);
  gor::go([&p, ch] {
    *p = "a";
    ch.send(true);
  });
  use_obj(*p);
  ch.recv();
}

void TestRaceFloat64WW() {
  auto& x = var<double>(0);
  auto& y = var<double>(0);
  auto ch = make_chan<bool>(1);
  gor::go([&x, ch] {
    x = 1.0;
    ch.send(true);
  });
  x = 2.0;
  ch.recv();
  y = x;
  x = y;
}

void TestRaceComplex128WW() {
  using C = std::complex<double>;
  auto& x = var<C>();
  auto& y = var<C>();
  auto ch = make_chan<bool>(1);
  gor::go([&x, ch] {
    x = C(2, 2);
    ch.send(true);
  });
  x = C(4, 4);
  ch.recv();
  y = x;
  x = y;
}

void TestRaceUnsafePtrRW() {
  auto& x = var<long>(1);
  auto& y = var<long>(2);
  auto& z = var<long>(3);
  auto& p = var<void*>(&x);
  auto ch = make_chan<bool>(1);
  gor::go([&p, &z, ch] {
    p = &z;
    ch.send(true);
  });
  y = *static_cast<long*>(p);
  x = y;
  ch.recv();
}

void TestRaceFuncVariableRW() {
  auto& f = var<std::function<long(long)>>();
  f = [](long x) { return x * x; };
  auto ch = make_chan<bool>(1);
  gor::go([&f, ch] {
    f = [](long x) { return x; };
    ch.send(true);
  });
  long y = f(1);
  ch.recv();
  long x = y;
  y = x;
  use(y);
}

void TestRaceFuncVariableWW() {
  auto& f = var<std::function<long(long)>>();
  auto ch = make_chan<bool>(1);
  gor::go([&f, ch] {
    f = [](long x) { return x; };
    ch.send(true);
  });
  f = [](long x) { return x * x; };
  ch.recv();
}

// This one should not belong to mop_test
void TestRacePanic() {
  auto& x = var<long>(0);
  auto& zero = var<long>(0);
  auto ch = make_chan<bool>(2);
  for (long val : {1L, 2L}) {
    gor::go(
        [&x, &zero, ch](long val) {
          try {
            long y = gosuite::go_div(1L, zero);
            zero = y;
          } catch (const gor::Panic&) {  // defer func() { err := recover() ...
            x = val;
            ch.send(true);
            return;
          }
          throw gor::Panic("should be panicking");
        },
        val);
  }
  ch.recv();
  ch.recv();
  if (zero != 0) throw gor::Panic("zero has changed");
}

void TestNoRaceBlank() {
  auto& a = var<std::array<long, 5>>();
  auto ch = make_chan<bool>(1);
  gor::go([&a, ch] {
    use(a[0]);
    use(a[1]);
    ch.send(true);
  });
  use(a[2]);
  use(a[3]);
  ch.recv();
  a[1] = a[0];
}

void TestRaceAppendRW() {
  auto& a = var<Slice<long>>(make_slice<long>(10));
  auto ch = make_chan<bool>();
  gor::go([&a, ch] {
    keep(append(a, 1L));
    ch.send(true);
  });
  a[0] = 1;
  ch.recv();
}

void TestRaceAppendLenRW() {
  auto& a = var<Slice<long>>(make_slice<long>(0));
  auto ch = make_chan<bool>();
  gor::go([&a, ch] {
    a = append(a, 1L);
    ch.send(true);
  });
  use(a.len);
  ch.recv();
}

void TestRaceAppendCapRW() {
  auto& a = var<Slice<long>>(make_slice<long>(0));
  auto ch = make_chan<std::string_view>();
  gor::go([&a, ch] {
    a = append(a, 1L);
    ch.send("");
  });
  use(a.cap);
  ch.recv();
}

void TestNoRaceFuncArgsRW() {
  auto ch = make_chan<char>(1);
  auto& x = var<char>(0);
  gor::go(
      [ch](char y) {
        use(y);
        ch.send(0);
      },
      x);
  x = 1;
  ch.recv();
}

void TestRaceFuncArgsRW() {
  auto ch = make_chan<char>(1);
  auto& x = var<char>(0);
  gor::go(
      [ch](char* y) {
        use(*y);
        ch.send(0);
      },
      &x);
  x = 1;
  ch.recv();
}

// from the mailing list, slightly modified
// unprotected concurrent access to seen[]
void TestRaceCrawl() {
  std::string_view url = "dummyurl";
  long depth = 3;
  auto& seen = var<std::unordered_map<std::string_view, bool>>();
  auto ch = make_chan<long>(100);
  auto& wg = var<gor::WaitGroup>();
  auto& crawl = var<std::function<void(std::string_view, long)>>();
  crawl = [&seen, ch, &wg, &crawl](std::string_view u, long d) {
    long nurl = 0;
    gosuite::Defer deferred{[&nurl, ch] { ch.send(nurl); }};
    seen[u] = true;
    if (d <= 0) {
      wg.done();
      return;
    }
    std::array<std::string_view, 3> urls{"a", "b", "c"};
    for (std::string_view uu : urls) {
      if (seen.find(uu) == seen.end()) {
        wg.add(1);
        gor::go(crawl, uu, d - 1);
        nurl++;
      }
    }
    wg.done();
  };
  wg.add(1);
  gor::go(crawl, url, depth);
  wg.wait();
}

void TestRaceIndirection() {
  auto ch = make_chan<gosuite::Test*>(1);  // chan struct{}: any element type
  auto& y = var<long>(0);
  auto& x = var<long*>(&y);
  gor::go([&x, ch] {
    *x = 1;
    ch.send(nullptr);
  });
  *x = 2;
  ch.recv();
  use(*x);
}

void TestRaceRune() {
  auto c = make_chan<bool>();
  auto& x = var<char32_t>(0);
  gor::go([&x, c] {
    x = 1;
    c.send(true);
  });
  use(x);
  c.recv();
}

// Go's empty interface value as Go lays it out: (type, data). std::any
// would not do here: assigning an empty std::any to an empty one writes
// nothing, while Go's `x = nil` writes both words.
struct Eface {
  const std::type_info* type = nullptr;
  const void* data = nullptr;
};

void TestRaceEmptyInterface1() {
  auto c = make_chan<bool>();
  auto& x = var<Eface>();
  gor::go([&x, c] {
    x = Eface{};  // x = nil
    c.send(true);
  });
  use_obj(x);
  c.recv();
}

void TestRaceEmptyInterface2() {
  auto c = make_chan<bool>();
  auto& x = var<Eface>();
  gor::go([&x, c] {
    x = Eface{&typeid(Point*), new Point{}};  // x = &Point{}
    c.send(true);
  });
  use_obj(x);
  c.recv();
}

void TestRaceTLS() {
  auto comm = make_chan<long*>();
  auto done = make_chan<bool>(2);
  gor::go([comm, done] {
    long x = 0;
    comm.send(&x);
    x = 1;
    x = *comm.recv();
    done.send(true);
  });
  gor::go([comm, done] {
    long* p = comm.recv();
    *p = 2;
    comm.send(p);
    done.send(true);
  });
  done.recv();
  done.recv();
}

[[gnu::noinline]] void empty(long* p) {
  use(p);
}

// Go: each goroutine calls runtime.GC() and heap-allocates a variable; here
// the allocation is new/delete (no GC): freed memory that another goroutine
// gets back must not be reported.
void TestNoRaceHeapReallocation() {
  constexpr long n = 2;
  auto done = make_chan<bool>(n);
  for (long i = 0; i < n; i++) {
    long ms = i;
    gor::go([ms, done] {
      gor::after(std::chrono::milliseconds(ms)).recv();
      long* x = new long(0);
      empty(x);
      delete x;
      done.send(true);
    });
  }
  for (long i = 0; i < n; i++) done.recv();
}

void TestRaceAnd() {
  auto c = make_chan<bool>();
  auto& x = var<long>(0);
  auto& y = var<long>(0);
  keep(x);  // Go neither constant-folds x and y nor drops the
  keep(y);  // loads: the compiler must not know their values
  gor::go([&x, c] {
    x = 1;
    c.send(true);
  });
  use(x == 1 && y == 1);
  c.recv();
}

void TestRaceAnd2() {
  auto c = make_chan<bool>();
  auto& x = var<long>(0);
  auto& y = var<long>(0);
  keep(x);  // Go neither constant-folds x and y nor drops the
  keep(y);  // loads: the compiler must not know their values
  gor::go([&x, c] {
    x = 1;
    c.send(true);
  });
  use(y == 0 && x == 1);
  c.recv();
}

void TestNoRaceAnd() {
  auto c = make_chan<bool>();
  auto& x = var<long>(0);
  auto& y = var<long>(0);
  keep(x);  // Go neither constant-folds x and y nor drops the
  keep(y);  // loads: the compiler must not know their values
  gor::go([&x, c] {
    x = 1;
    c.send(true);
  });
  use(y == 1 && x == 1);
  c.recv();
}

void TestRaceOr() {
  auto c = make_chan<bool>();
  auto& x = var<long>(0);
  auto& y = var<long>(0);
  keep(x);  // Go neither constant-folds x and y nor drops the
  keep(y);  // loads: the compiler must not know their values
  gor::go([&x, c] {
    x = 1;
    c.send(true);
  });
  use(x == 1 || y == 1);
  c.recv();
}

void TestRaceOr2() {
  auto c = make_chan<bool>();
  auto& x = var<long>(0);
  auto& y = var<long>(0);
  keep(x);  // Go neither constant-folds x and y nor drops the
  keep(y);  // loads: the compiler must not know their values
  gor::go([&x, c] {
    x = 1;
    c.send(true);
  });
  use(y == 1 || x == 1);
  c.recv();
}

void TestNoRaceOr() {
  auto c = make_chan<bool>();
  auto& x = var<long>(0);
  auto& y = var<long>(0);
  keep(x);  // Go neither constant-folds x and y nor drops the
  keep(y);  // loads: the compiler must not know their values
  gor::go([&x, c] {
    x = 1;
    c.send(true);
  });
  use(y == 0 || x == 1);
  c.recv();
}

void TestNoRaceShortCalc() {
  auto c = make_chan<bool>();
  auto& x = var<long>(0);
  auto& y = var<long>(0);
  keep(x);  // Go neither constant-folds x and y nor drops the
  keep(y);  // loads: the compiler must not know their values
  gor::go([&y, c] {
    y = 1;
    c.send(true);
  });
  use(x == 0 || y == 0);
  c.recv();
}

void TestNoRaceShortCalc2() {
  auto c = make_chan<bool>();
  auto& x = var<long>(0);
  auto& y = var<long>(0);
  keep(x);  // Go neither constant-folds x and y nor drops the
  keep(y);  // loads: the compiler must not know their values
  gor::go([&y, c] {
    y = 1;
    c.send(true);
  });
  use(x == 1 && y == 0);
  c.recv();
}

void TestRaceFuncItself() {
  auto c = make_chan<bool>();
  auto& f = var<std::function<void()>>([] {});
  gor::go([&f, c] {
    f();
    c.send(true);
  });
  f = [] {};
  c.recv();
}

void TestNoRaceFuncUnlock() {
  auto ch = make_chan<bool>(1);
  auto& mu = var<gor::Mutex>();
  auto& x = var<long>(0);
  gor::go([&mu, &x, ch] {
    mu.lock();
    x = 42;
    mu.unlock();
    ch.send(true);
  });
  x = [](gor::Mutex* mu) {
    mu->lock();
    return 43L;
  }(&mu);
  mu.unlock();
  ch.recv();
}

void TestRaceStructInit() {
  struct X {
    long x, y;
  };
  auto c = make_chan<bool>(1);
  auto& y = var<long>(0);
  gor::go([&y, c] {
    y = 42;
    c.send(true);
  });
  X x{y, 0};
  keep(x);
  c.recv();
}

void TestRaceArrayInit() {
  auto c = make_chan<bool>(1);
  auto& y = var<long>(0);
  gor::go([&y, c] {
    y = 42;
    c.send(true);
  });
  Slice<long> x = gosuite::slice_of<long>({0, y, 42});
  keep(x);
  c.recv();
}

void TestRaceMapInit() {
  auto c = make_chan<bool>(1);
  auto& y = var<long>(0);
  gor::go([&y, c] {
    y = 42;
    c.send(true);
  });
  std::unordered_map<long, long> x{{0, 42}, {y, 42}};
  keep(x);
  c.recv();
}

void TestRaceMapInit2() {
  auto c = make_chan<bool>(1);
  auto& y = var<long>(0);
  gor::go([&y, c] {
    y = 42;
    c.send(true);
  });
  std::unordered_map<long, long> x{{0, 42}, {42, y}};
  keep(x);
  c.recv();
}

// Go: type InterImpl struct{ x, y int } with a //go:noinline value-receiver
// method Foo; Inter is an interface, here an abstract class whose
// implementation boxes an InterImpl value (as Go's interface value does).
struct InterImpl {
  long x, y;
  [[gnu::noinline]] static void FooImpl(InterImpl p, long x) {
    use(p.x);
    use(x);
  }
  void Foo(long x) const { FooImpl(*this, x); }  // value receiver: copies *this
};
struct Inter {
  virtual void Foo(long x) = 0;
};
struct InterBox : Inter {
  InterImpl v;
  explicit InterBox(InterImpl v) : v(v) {}
  void Foo(long x) override { v.Foo(x); }
};
// Go: type InterImpl2 InterImpl with a pointer-receiver Foo.
struct InterImpl2 {
  long x, y;
  void Foo(long x) { InterImpl{this->x, this->y}.Foo(x); }
};

void TestRaceInterCall() {
  auto c = make_chan<bool>(1);
  InterImpl p{};
  auto& x = var<Inter*>(new InterBox(p));
  gor::go([&x, c] {
    InterImpl p2{};
    x = new InterBox(p2);
    c.send(true);
  });
  x->Foo(0);
  c.recv();
}

void TestRaceInterCall2() {
  auto c = make_chan<bool>(1);
  InterImpl p{};
  auto& x = var<Inter*>(new InterBox(p));
  auto& z = var<long>(0);
  gor::go([&z, c] {
    z = 42;
    c.send(true);
  });
  x->Foo(z);
  c.recv();
}

void TestRaceFuncCall() {
  auto c = make_chan<bool>(1);
  auto& f = var<std::function<void(long, long)>>([](long x, long y) {
    use(x);
    use(y);
  });
  auto& x = var<long>(0);
  auto& y = var<long>(0);
  gor::go([&y, c] {
    y = 42;
    c.send(true);
  });
  f(x, y);
  c.recv();
}

void TestRaceMethodCall() {
  auto c = make_chan<bool>(1);
  auto& i = var<InterImpl>();
  auto& x = var<long>(0);
  gor::go([&x, c] {
    x = 42;
    c.send(true);
  });
  i.Foo(x);
  c.recv();
}

void TestRaceMethodCall2() {
  auto c = make_chan<bool>(1);
  auto& i = var<InterImpl*>(new InterImpl{});
  gor::go([&i, c] {
    i = new InterImpl{};
    c.send(true);
  });
  i->Foo(0);
  c.recv();
}

// Method value with concrete value receiver.
void TestRaceMethodValue() {
  auto c = make_chan<bool>(1);
  auto& i = var<InterImpl>();
  gor::go([&i, c] {
    i = InterImpl{};
    c.send(true);
  });
  auto m = [r = i](long x) { r.Foo(x); };  // _ = i.Foo
  keep(m);
  c.recv();
}

// Method value with interface receiver.
void TestRaceMethodValue2() {
  auto c = make_chan<bool>(1);
  auto& i = var<Inter*>(new InterBox(InterImpl{}));
  gor::go([&i, c] {
    i = new InterBox(InterImpl{});
    c.send(true);
  });
  auto m = [r = i](long x) { r->Foo(x); };  // _ = i.Foo
  keep(m);
  c.recv();
}

// Method value with implicit dereference.
void TestRaceMethodValue3() {
  auto c = make_chan<bool>(1);
  auto& i = var<InterImpl*>(new InterImpl{});
  gor::go([&i, c] {
    *i = InterImpl{};
    c.send(true);
  });
  auto m = [r = *i](long x) { r.Foo(x); };  // _ = i.Foo: dereferences i
  keep(m);
  c.recv();
}

// Method value implicitly taking receiver address.
void TestNoRaceMethodValue() {
  auto c = make_chan<bool>(1);
  auto& i = var<InterImpl2>();
  gor::go([&i, c] {
    i = InterImpl2{};
    c.send(true);
  });
  auto m = [r = &i](long x) { r->Foo(x); };  // _ = i.Foo: takes the address of i only
  keep(m);
  c.recv();
}

void TestRacePanicArg() {
  auto c = make_chan<bool>(1);
  auto& err = var<const Error*>(new Error{"err"});
  gor::go([&err, c] {
    err = new Error{"err2"};
    c.send(true);
  });
  try {
    throw err;     // panic(err)
  } catch (...) {  // defer func() { recover(); <-c }()
    c.recv();
  }
}

void TestRaceDeferArg() {
  auto c = make_chan<bool>(1);
  auto& x = var<long>(0);
  gor::go([&x, c] {
    x = 42;
    c.send(true);
  });
  [&x] {
    gosuite::Defer d{[x] { use(x); }};  // defer func(x int) {}(x)
  }();
  c.recv();
}

struct DeferT {
  long v;
  [[gnu::noinline]] static void FooImpl(DeferT d) { use(d.v); }
  void Foo() const { FooImpl(*this); }
};

void TestRaceDeferArg2() {
  auto c = make_chan<bool>(1);
  auto& x = var<DeferT>();
  gor::go([&x, c] {
    DeferT y{};
    x = y;
    c.send(true);
  });
  [&x] {
    gosuite::Defer d{[r = x] { r.Foo(); }};  // defer x.Foo()
  }();
  c.recv();
}

void TestNoRaceAddrExpr() {
  auto c = make_chan<bool>(1);
  auto& x = var<long>(0);
  gor::go([&x, c] {
    x = 42;
    c.send(true);
  });
  use(&x);
  c.recv();
}

struct AddrT {
  char pad[256];
  long x;
};

struct AddrT2 {
  char pad[512];
  AddrT* p;
};

void TestRaceAddrExpr() {
  auto c = make_chan<bool>(1);
  auto& a = var<AddrT2>();
  a.p = new AddrT{{}, 42};
  gor::go([&a, c] {
    a.p = new AddrT{{}, 43};
    c.send(true);
  });
  use(&a.p->x);
  c.recv();
}

void TestRaceTypeAssert() {
  auto c = make_chan<bool>(1);
  long x = 0;
  auto& i = var<std::any>(x);
  gor::go([&i, c] {
    long y = 0;
    i = y;
    c.send(true);
  });
  // The pointer form: the racing assignment may leave `i` empty for a
  // moment (std::any's assignment goes through an empty state, where Go's
  // interface assignment writes the same type word), and the race, not a
  // bad_any_cast, is what this test is about.
  const long* value = std::any_cast<long>(&i);
  use(value != nullptr ? *value : 0);
  c.recv();
}

void TestRaceBlockAs() {
  auto c = make_chan<bool>(1);
  auto& x = var<long>(0);
  auto& y = var<long>(0);
  gor::go([&x, c] {
    x = 42;
    c.send(true);
  });
  std::tie(x, y) = std::pair<long, long>(y, x);  // x, y = y, x
  c.recv();
}

void TestRaceBlockCall1() {
  auto done = make_chan<bool>();
  auto& x = var<long>(0);
  auto& y = var<long>(0);
  gor::go([&x, &y, done] {
    auto f = [] { return std::pair<long, long>(42, 43); };
    std::tie(x, y) = f();
    done.send(true);
  });
  use(x);
  done.recv();
  if (x != 42 || y != 43) throw gor::Panic("corrupted data");
}

void TestRaceBlockCall2() {
  auto done = make_chan<bool>();
  auto& x = var<long>(0);
  auto& y = var<long>(0);
  gor::go([&x, &y, done] {
    auto f = [] { return std::pair<long, long>(42, 43); };
    std::tie(x, y) = f();
    done.send(true);
  });
  use(y);
  done.recv();
  if (x != 42 || y != 43) throw gor::Panic("corrupted data");
}

void TestRaceBlockCall3() {
  auto done = make_chan<bool>();
  auto& x = var<long*>(nullptr);
  auto& y = var<long>(0);
  gor::go([&x, &y, done] {
    auto f = [] { return std::pair<long*, long>(new long(42), 43); };
    std::tie(x, y) = f();
    done.send(true);
  });
  use(x);
  done.recv();
  if (*x != 42 || y != 43) throw gor::Panic("corrupted data");
}

void TestRaceBlockCall4() {
  auto done = make_chan<bool>();
  auto& x = var<long>(0);
  auto& y = var<long*>(nullptr);
  gor::go([&x, &y, done] {
    auto f = [] { return std::pair<long, long*>(42, new long(43)); };
    std::tie(x, y) = f();
    done.send(true);
  });
  use(y);
  done.recv();
  if (x != 42 || *y != 43) throw gor::Panic("corrupted data");
}

void TestRaceBlockCall5() {
  auto done = make_chan<bool>();
  auto& x = var<long*>(nullptr);
  auto& y = var<long>(0);
  gor::go([&x, &y, done] {
    auto f = [] { return std::pair<long*, long>(new long(42), 43); };
    std::tie(x, y) = f();
    done.send(true);
  });
  use(y);
  done.recv();
  if (*x != 42 || y != 43) throw gor::Panic("corrupted data");
}

void TestRaceBlockCall6() {
  auto done = make_chan<bool>();
  auto& x = var<long>(0);
  auto& y = var<long*>(nullptr);
  gor::go([&x, &y, done] {
    auto f = [] { return std::pair<long, long*>(42, new long(43)); };
    std::tie(x, y) = f();
    done.send(true);
  });
  use(x);
  done.recv();
  if (x != 42 || *y != 43) throw gor::Panic("corrupted data");
}

void TestRaceSliceSlice() {
  auto c = make_chan<bool>(1);
  auto& x = var<Slice<long>>(make_slice<long>(10));
  gor::go([&x, c] {
    x = make_slice<long>(20);
    c.send(true);
  });
  use_obj(x.slice(2, 3));
  c.recv();
}

void TestRaceSliceSlice2() {
  auto c = make_chan<bool>(1);
  auto& x = var<Slice<long>>(make_slice<long>(10));
  auto& i = var<long>(2);
  gor::go([&i, c] {
    i = 3;
    c.send(true);
  });
  use_obj(x.slice(i, 4));
  c.recv();
}

void TestRaceSliceString() {
  auto c = make_chan<bool>(1);
  auto& x = var<std::string_view>("hello");
  gor::go([&x, c] {
    x = "world";
    c.send(true);
  });
  use_obj(x.substr(2, 1));  // x[2:3]
  c.recv();
}

struct X2i {
  long x, y;
};

void TestRaceSliceStruct() {
  auto c = make_chan<bool>(1);
  auto& x = var<Slice<X2i>>(make_slice<X2i>(10));
  gor::go([&x, c] {
    Slice<X2i> y = make_slice<X2i>(10);
    gosuite::copy(y, x);
    keep(y);
    c.send(true);
  });
  x[1].y = 42;
  c.recv();
}

void TestRaceAppendSliceStruct() {
  auto c = make_chan<bool>(1);
  auto& x = var<Slice<X2i>>(make_slice<X2i>(10));
  gor::go([&x, c] {
    Slice<X2i> y = make_slice<X2i>(0, 10);
    y = append(y, x);
    keep(y);
    c.send(true);
  });
  x[1].y = 42;
  c.recv();
}

void TestRaceStructInd() {
  auto c = make_chan<bool>(1);
  struct Item {
    long x, y;
  };
  auto& i = var<Item>();
  gor::go(
      [c](Item* p) {
        *p = Item{};
        c.send(true);
      },
      &i);
  i.y = 42;
  c.recv();
}

void TestRaceAsFunc1() {
  auto& s = var<Slice<char>>();
  auto c = make_chan<bool>(1);
  gor::go([&s, c] {
    const Error* err = nullptr;
    std::tie(s, err) = [] {
      Slice<char> t = gosuite::bytes_of("hello world");
      return std::pair<Slice<char>, const Error*>(t, nullptr);
    }();
    c.send(true);
    use(err);
  });
  std::string str(s.ptr ? s.ptr : "", static_cast<size_t>(s.len));  // string(s)
  keep(str);
  c.recv();
}

void TestRaceAsFunc2() {
  auto c = make_chan<bool>(1);
  auto& x = var<long>(0);
  gor::go([&x, c] {
    [](long x) { use(x); }(x);
    c.send(true);
  });
  x = 42;
  c.recv();
}

void TestRaceAsFunc3() {
  auto c = make_chan<bool>(1);
  auto& mu = var<gor::Mutex>();
  auto& x = var<long>(0);
  gor::go([&mu, &x, c] {
    [&mu](long x) {
      mu.lock();
      use(x);
    }(x);  // Read of x must be outside of the mutex.
    mu.unlock();
    c.send(true);
  });
  mu.lock();
  x = 42;
  mu.unlock();
  c.recv();
}

void TestNoRaceAsFunc4() {
  auto c = make_chan<bool>(1);
  auto& mu = var<gor::Mutex>();
  auto& x = var<long>(0);
  gor::go([&mu, &x, c] {
    x = [&mu] {  // Write of x must be under the mutex.
      mu.lock();
      return 42L;
    }();
    mu.unlock();
    c.send(true);
  });
  mu.lock();
  x = 42;
  mu.unlock();
  c.recv();
}

void TestRaceHeapParam() {
  auto done = make_chan<bool>();
  long x = [done] {
    auto& x = var<long>(0);  // named result, escapes to the goroutine
    gor::go([&x, done] {
      x = 42;
      done.send(true);
    });
    return x;
  }();
  use(x);
  done.recv();
}

struct Empty {};
struct XE {
  int64_t y;
  Empty e;  // Go: a trailing zero-size field pads the struct (16 bytes)
};
struct YE {
  XE x;
  int64_t y;
};

void TestNoRaceEmptyStruct() {
  auto c = make_chan<XE>();
  auto& y = var<YE>();
  gor::go([&y, c] {
    XE x = y.x;
    c.send(x);
  });
  y.y = 42;
  c.recv();
}

void TestRaceNestedStruct() {
  struct X {
    long x, y;
  };
  struct Y {
    X x;
  };
  auto c = make_chan<Y>();
  auto& y = var<Y>();
  gor::go([&y, c] { c.send(y); });
  y.x.y = 42;
  c.recv();
}

// hash/crc32 with a custom table (Go's table-driven code reads every byte).
struct Crc32 {
  uint32_t table[256];
  uint32_t crc = 0;
  explicit Crc32(uint32_t poly) {
    for (uint32_t i = 0; i < 256; i++) {
      uint32_t c = i;
      for (int j = 0; j < 8; j++) c = (c & 1) ? (c >> 1) ^ poly : c >> 1;
      table[i] = c;
    }
  }
  void Write(Slice<char> b) {
    uint32_t c = ~crc;
    for (long i = 0; i < b.len; i++)
      c = table[(c ^ static_cast<uint8_t>(b.ptr[i])) & 0xff] ^ (c >> 8);
    crc = ~c;
  }
};

void testRaceRead(bool pread) {
  auto in = make_chan<Slice<char>>();
  auto res = make_chan<int>();
  gor::go([in, res, pread] {
    int err = 0;
    const int fd = ::open(__FILE__, O_RDONLY);  // os.Open(path): this file
    if (fd < 0) {
      err = errno;
      in.close();
      res.send(err);
      return;
    }
    long n = 0, total = 0;
    Slice<char> b = make_slice<char>(17);  // the race is on b buffer
    for (;;) {
      n = pread ? ::pread(fd, b.ptr, static_cast<size_t>(b.len), total)
                : ::read(fd, b.ptr, static_cast<size_t>(b.len));
      if (n < 0) err = errno;
      if (n <= 0) break;  // io.EOF or an error
      total += n;
      in.send(b.slice(0, n));
    }
    ::close(fd);
    in.close();
    res.send(err);
  });
  Crc32 h(0x12345678);
  for (Slice<char> b : in) h.Write(b);
  use(h.crc);
  if (res.recv() != 0) gosuite::fail("cannot read the source file");
}

void TestRaceIssue5567() {
  testRaceRead(false);
}

void TestRaceIssue51618() {
  testRaceRead(true);
}

// bytes.Buffer's Read: copies from the buffer into p.
struct Buffer {
  std::string_view data;
  long off = 0;
  std::pair<long, bool> Read(Slice<char> p) {  // (n, err == io.EOF)
    if (off >= static_cast<long>(data.size())) return {0, true};
    long n = gosuite::copy(p, data.substr(static_cast<size_t>(off)));
    off += n;
    return {n, false};
  }
};

void TestRaceIssue5654() {
  std::string_view text =
      "Friends, Romans, countrymen, lend me your ears;\n"
      "I come to bury Caesar, not to praise him.\n"
      "The evil that men do lives after them;\n"
      "The good is oft interred with their bones;\n"
      "So let it be with Caesar. The noble Brutus\n"
      "Hath told you Caesar was ambitious:\n"
      "If it were so, it was a grievous fault,\n"
      "And grievously hath Caesar answer'd it.\n"
      "Here, under leave of Brutus and the rest -\n"
      "For Brutus is an honourable man;\n"
      "So are they all, all honourable men -\n"
      "Come I to speak in Caesar's funeral.\n"
      "He was my friend, faithful and just to me:\n"
      "But Brutus says he was ambitious;\n"
      "And Brutus is an honourable man.";
  auto& data = var<Buffer>(Buffer{text});
  auto in = make_chan<Slice<char>>();
  gor::go([&data, in] {
    Slice<char> buf = make_slice<char>(16);
    long n = 0;
    bool err = false;
    for (; !err; std::tie(n, err) = data.Read(buf)) in.send(buf.slice(0, n));
    in.close();
  });
  std::string res;
  for (Slice<char> s : in) res += std::string(s.ptr, static_cast<size_t>(s.len));
  keep(res);
}

// type Base int: Foo has a pointer receiver, Bar a value receiver.
struct Base {
  long v;
};
// (*Base).Foo: called on a nil *Base in TestRaceMethodThunk, which Go
// allows: a free function (calling a C++ member through null is undefined).
[[gnu::noinline]] long BaseFoo(Base* b) {
  use(b);
  return 42;
}
[[gnu::noinline]] long BaseBar(Base b) {
  return b.v;
}

void TestNoRaceMethodThunk() {
  struct Derived {
    long pad;
    Base base;
  };
  auto& d = var<Derived>();
  auto done = make_chan<bool>();
  gor::go([&d, done] {
    use(BaseFoo(&d.base));
    done.send(true);
  });
  d = Derived{};
  done.recv();
}

void TestRaceMethodThunk() {
  struct Derived {
    long pad;
    Base* base;
  };
  auto& d = var<Derived>();
  auto done = make_chan<bool>();
  gor::go([&d, done] {
    use(BaseFoo(d.base));
    done.send(true);
  });
  d = Derived{};
  done.recv();
}

void TestRaceMethodThunk2() {
  struct Derived {
    long pad;
    Base base;
  };
  auto& d = var<Derived>();
  auto done = make_chan<bool>();
  gor::go([&d, done] {
    use(BaseBar(d.base));
    done.send(true);
  });
  d = Derived{};
  done.recv();
}

void TestRaceMethodThunk3() {
  struct Derived {
    long pad;
    Base* base;
  };
  auto& d = var<Derived>();
  d.base = new Base{};
  auto done = make_chan<bool>();
  gor::go([&d, done] {
    use(BaseBar(*d.base));
    done.send(true);
  });
  d.base = new Base{};
  done.recv();
}

void TestRaceMethodThunk4() {
  struct Derived {
    long pad;
    Base* base;
  };
  auto& d = var<Derived>();
  d.base = new Base{};
  auto done = make_chan<bool>();
  gor::go([&d, done] {
    use(BaseBar(*d.base));
    done.send(true);
  });
  *reinterpret_cast<long*>(d.base) = 42;
  done.recv();
}

// Go: a byte that escapes (tiny allocator); here new/delete of one byte.
void TestNoRaceTinyAlloc() {
  constexpr long P = 4;
  constexpr long N = 1000000;
  auto& tinySink = var<char*>(nullptr);
  auto done = make_chan<bool>();
  for (long p = 0; p < P; p++) {
    gor::go([&tinySink, done] {
      for (long i = 0; i < N; i++) {
        char* b = new char(0);
        if (*b != 0) tinySink = b;  // make it heap allocated
        *b = 42;
        keep(*b);
        delete b;
      }
      done.send(true);
    });
  }
  for (long p = 0; p < P; p++) done.recv();
}

const gosuite::Test kTests[] = {
    GOSUITE_TEST(TestRaceIntRWGlobalFuncs),
    GOSUITE_TEST(TestRaceIntRWClosures),
    GOSUITE_TEST(TestNoRaceIntRWClosures),
    GOSUITE_TEST(TestRaceInt32RWClosures),
    GOSUITE_TEST(TestNoRaceCase),
    GOSUITE_TEST(TestRaceCaseCondition),
    GOSUITE_TEST(TestRaceCaseCondition2),
    GOSUITE_TEST(TestRaceCaseBody),
    GOSUITE_TEST(TestNoRaceCaseFallthrough),
    GOSUITE_TEST(TestRaceCaseFallthrough),
    GOSUITE_TEST(TestRaceCaseIssue6418),
    GOSUITE_TEST(TestRaceCaseType),
    GOSUITE_TEST(TestRaceCaseTypeBody),
    GOSUITE_TEST(TestRaceCaseTypeIssue5890),
    GOSUITE_TEST(TestNoRaceRange),
    GOSUITE_TEST(TestNoRaceRangeIssue5446),
    GOSUITE_TEST(TestRaceRange),
    GOSUITE_TEST(TestRaceForInit),
    GOSUITE_TEST(TestNoRaceForInit),
    GOSUITE_TEST(TestRaceForTest),
    GOSUITE_TEST(TestRaceForIncr),
    GOSUITE_TEST(TestNoRaceForIncr),
    GOSUITE_TEST(TestRacePlus),
    GOSUITE_TEST(TestRacePlus2),
    GOSUITE_TEST(TestNoRacePlus),
    GOSUITE_TEST(TestRaceComplement),
    GOSUITE_TEST(TestRaceDiv),
    GOSUITE_TEST(TestRaceDivConst),
    GOSUITE_TEST(TestRaceMod),
    GOSUITE_TEST(TestRaceModConst),
    GOSUITE_TEST(TestRaceRotate),
    GOSUITE_TEST(TestNoRaceEnoughRegisters),
    GOSUITE_TEST(TestRaceFuncArgument),
    GOSUITE_TEST(TestRaceFuncArgument2),
    GOSUITE_TEST(TestRaceSprint),
    GOSUITE_TEST(TestRaceArrayCopy),
    GOSUITE_TEST(TestRaceNestedArrayCopy),
    GOSUITE_TEST(TestRaceStructRW),
    GOSUITE_TEST(TestRaceStructFieldRW1),
    GOSUITE_TEST(TestNoRaceStructFieldRW1),
    GOSUITE_TEST(TestNoRaceStructFieldRW2),
    GOSUITE_TEST(TestRaceStructFieldRW2),
    GOSUITE_TEST(TestRaceStructFieldRW3),
    GOSUITE_TEST(TestRaceEfaceWW),
    GOSUITE_TEST(TestRaceIfaceWW),
    GOSUITE_TEST(TestRaceIfaceCmp),
    GOSUITE_TEST(TestRaceIfaceCmpNil),
    GOSUITE_TEST(TestRaceEfaceConv),
    GOSUITE_TEST(TestRaceIfaceConv),
    GOSUITE_TEST(TestRaceError),
    GOSUITE_TEST(TestRaceIntptrRW),
    GOSUITE_TEST(TestRaceStringRW),
    GOSUITE_TEST(TestRaceStringPtrRW),
    GOSUITE_TEST(TestRaceFloat64WW),
    GOSUITE_TEST(TestRaceComplex128WW),
    GOSUITE_TEST(TestRaceUnsafePtrRW),
    GOSUITE_TEST(TestRaceFuncVariableRW),
    GOSUITE_TEST(TestRaceFuncVariableWW),
    GOSUITE_TEST(TestRacePanic),
    GOSUITE_TEST(TestNoRaceBlank),
    GOSUITE_TEST(TestRaceAppendRW),
    GOSUITE_TEST(TestRaceAppendLenRW),
    GOSUITE_TEST(TestRaceAppendCapRW),
    GOSUITE_TEST(TestNoRaceFuncArgsRW),
    GOSUITE_TEST(TestRaceFuncArgsRW),
    GOSUITE_TEST(TestRaceCrawl),
    GOSUITE_TEST(TestRaceIndirection),
    GOSUITE_TEST(TestRaceRune),
    GOSUITE_TEST(TestRaceEmptyInterface1),
    GOSUITE_TEST(TestRaceEmptyInterface2),
    GOSUITE_TEST(TestRaceTLS),
    GOSUITE_TEST(TestNoRaceHeapReallocation),
    GOSUITE_TEST(TestRaceAnd),
    GOSUITE_TEST(TestRaceAnd2),
    GOSUITE_TEST(TestNoRaceAnd),
    GOSUITE_TEST(TestRaceOr),
    GOSUITE_TEST(TestRaceOr2),
    GOSUITE_TEST(TestNoRaceOr),
    GOSUITE_TEST(TestNoRaceShortCalc),
    GOSUITE_TEST(TestNoRaceShortCalc2),
    GOSUITE_TEST(TestRaceFuncItself),
    GOSUITE_TEST(TestNoRaceFuncUnlock),
    GOSUITE_TEST(TestRaceStructInit),
    GOSUITE_TEST(TestRaceArrayInit),
    GOSUITE_TEST(TestRaceMapInit),
    GOSUITE_TEST(TestRaceMapInit2),
    GOSUITE_TEST(TestRaceInterCall),
    GOSUITE_TEST(TestRaceInterCall2),
    GOSUITE_TEST(TestRaceFuncCall),
    GOSUITE_TEST(TestRaceMethodCall),
    GOSUITE_TEST(TestRaceMethodCall2),
    GOSUITE_TEST(TestRaceMethodValue),
    GOSUITE_TEST(TestRaceMethodValue2),
    GOSUITE_TEST(TestRaceMethodValue3),
    GOSUITE_TEST(TestNoRaceMethodValue),
    GOSUITE_TEST(TestRacePanicArg),
    GOSUITE_TEST(TestRaceDeferArg),
    GOSUITE_TEST(TestRaceDeferArg2),
    GOSUITE_TEST(TestNoRaceAddrExpr),
    GOSUITE_TEST(TestRaceAddrExpr),
    GOSUITE_TEST(TestRaceTypeAssert),
    GOSUITE_TEST(TestRaceBlockAs),
    GOSUITE_TEST(TestRaceBlockCall1),
    GOSUITE_TEST(TestRaceBlockCall2),
    GOSUITE_TEST(TestRaceBlockCall3),
    GOSUITE_TEST(TestRaceBlockCall4),
    GOSUITE_TEST(TestRaceBlockCall5),
    GOSUITE_TEST(TestRaceBlockCall6),
    GOSUITE_TEST(TestRaceSliceSlice),
    GOSUITE_TEST(TestRaceSliceSlice2),
    GOSUITE_TEST(TestRaceSliceString),
    GOSUITE_TEST(TestRaceSliceStruct),
    GOSUITE_TEST(TestRaceAppendSliceStruct),
    GOSUITE_TEST(TestRaceStructInd),
    GOSUITE_TEST(TestRaceAsFunc1),
    GOSUITE_TEST(TestRaceAsFunc2),
    GOSUITE_TEST(TestRaceAsFunc3),
    GOSUITE_TEST(TestNoRaceAsFunc4),
    GOSUITE_TEST(TestRaceHeapParam),
    GOSUITE_TEST(TestNoRaceEmptyStruct),
    GOSUITE_TEST(TestRaceNestedStruct),
    GOSUITE_TEST(TestRaceIssue5567),
    GOSUITE_TEST(TestRaceIssue51618),
    GOSUITE_TEST(TestRaceIssue5654),
    GOSUITE_TEST(TestNoRaceMethodThunk),
    GOSUITE_TEST(TestRaceMethodThunk),
    GOSUITE_TEST(TestRaceMethodThunk2),
    GOSUITE_TEST(TestRaceMethodThunk3),
    GOSUITE_TEST(TestRaceMethodThunk4),
    GOSUITE_TEST(TestNoRaceTinyAlloc),
};

}  // namespace

int main(int argc, char** argv) {
  return gosuite::run(argc, argv, kTests);
}
