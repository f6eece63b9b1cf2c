// Port of Go's src/runtime/race/testdata/slice_test.go (Go 1.19): races on
// slice elements, slice headers (len/cap/pointer), copy, append, range,
// slicing, and conversions between slices and strings. A Go slice is a
// gosuite::Slice (header + never-freed backing array); conventions: see
// mop_test.cpp.
#include <array>
#include <string>
#include <string_view>

#include <gor/gor.hpp>

#include "gocommon.hpp"

namespace {

using gosuite::append;
using gosuite::keep;
using gosuite::make_chan;
using gosuite::make_slice;
using gosuite::Slice;
using gosuite::spin;
using gosuite::use;
using gosuite::use_obj;
using gosuite::var;

template <class T>
using SliceVar = Slice<T>&;

void TestRaceSliceRW() {
  auto ch = make_chan<bool>(1);
  SliceVar<long> a = var<Slice<long>>(make_slice<long>(2));
  gor::go([&a, ch] {
    a[1] = 1;
    ch.send(true);
  });
  use(a[1]);
  ch.recv();
}

void TestNoRaceSliceRW() {
  auto ch = make_chan<bool>(1);
  SliceVar<long> a = var<Slice<long>>(make_slice<long>(2));
  gor::go([&a, ch] {
    a[0] = 1;
    ch.send(true);
  });
  use(a[1]);
  ch.recv();
}

void TestRaceSliceWW() {
  SliceVar<long> a = var<Slice<long>>(make_slice<long>(10));
  auto ch = make_chan<bool>(1);
  gor::go([&a, ch] {
    a[1] = 1;
    ch.send(true);
  });
  a[1] = 2;
  ch.recv();
}

void TestNoRaceArrayWW() {
  auto& a = var<std::array<long, 5>>();
  auto ch = make_chan<bool>(1);
  gor::go([&a, ch] {
    a[0] = 1;
    ch.send(true);
  });
  a[1] = 2;
  ch.recv();
}

void TestRaceArrayWW() {
  auto& a = var<std::array<long, 5>>();
  auto ch = make_chan<bool>(1);
  gor::go([&a, ch] {
    a[1] = 1;
    ch.send(true);
  });
  a[1] = 2;
  ch.recv();
}

void TestNoRaceSliceWriteLen() {
  auto ch = make_chan<bool>(1);
  SliceVar<bool> a = var<Slice<bool>>(make_slice<bool>(1));
  gor::go([&a, ch] {
    a[0] = true;
    ch.send(true);
  });
  use(a.len);
  ch.recv();
}

void TestNoRaceSliceWriteCap() {
  auto ch = make_chan<bool>(1);
  SliceVar<uint64_t> a = var<Slice<uint64_t>>(make_slice<uint64_t>(100));
  gor::go([&a, ch] {
    a[50] = 123;
    ch.send(true);
  });
  use(a.cap);
  ch.recv();
}

void TestRaceSliceCopyRead() {
  auto ch = make_chan<bool>(1);
  SliceVar<long> a = var<Slice<long>>(make_slice<long>(10));
  SliceVar<long> b = var<Slice<long>>(make_slice<long>(10));
  gor::go([&a, ch] {
    use(a[5]);
    ch.send(true);
  });
  gosuite::copy(a, b);
  ch.recv();
}

void TestNoRaceSliceWriteCopy() {
  auto ch = make_chan<bool>(1);
  SliceVar<long> a = var<Slice<long>>(make_slice<long>(10));
  SliceVar<long> b = var<Slice<long>>(make_slice<long>(10));
  gor::go([&a, ch] {
    a[5] = 1;
    ch.send(true);
  });
  gosuite::copy(a.slice(0, 5), b.slice(0, 5));
  ch.recv();
}

void TestRaceSliceCopyWrite2() {
  auto ch = make_chan<bool>(1);
  SliceVar<long> a = var<Slice<long>>(make_slice<long>(10));
  SliceVar<long> b = var<Slice<long>>(make_slice<long>(10));
  gor::go([&b, ch] {
    b[5] = 1;
    ch.send(true);
  });
  gosuite::copy(a, b);
  keep(a);  // a is otherwise dead: the optimizer would drop the copy
  ch.recv();
}

void TestRaceSliceCopyWrite3() {
  auto ch = make_chan<bool>(1);
  SliceVar<char> a = var<Slice<char>>(make_slice<char>(10));
  gor::go([&a, ch] {
    a[7] = 1;
    ch.send(true);
  });
  gosuite::copy(a, std::string_view("qwertyqwerty"));
  ch.recv();
}

void TestNoRaceSliceCopyRead() {
  auto ch = make_chan<bool>(1);
  SliceVar<long> a = var<Slice<long>>(make_slice<long>(10));
  SliceVar<long> b = var<Slice<long>>(make_slice<long>(10));
  gor::go([&b, ch] {
    use(b[5]);
    ch.send(true);
  });
  gosuite::copy(a, b);
  keep(a);  // a is otherwise dead: the optimizer would drop the copy
  ch.recv();
}

void TestRacePointerSliceCopyRead() {
  auto ch = make_chan<bool>(1);
  SliceVar<long*> a = var<Slice<long*>>(make_slice<long*>(10));
  SliceVar<long*> b = var<Slice<long*>>(make_slice<long*>(10));
  gor::go([&a, ch] {
    use(a[5]);
    ch.send(true);
  });
  gosuite::copy(a, b);
  ch.recv();
}

void TestNoRacePointerSliceWriteCopy() {
  auto ch = make_chan<bool>(1);
  SliceVar<long*> a = var<Slice<long*>>(make_slice<long*>(10));
  SliceVar<long*> b = var<Slice<long*>>(make_slice<long*>(10));
  gor::go([&a, ch] {
    a[5] = new long(0);
    ch.send(true);
  });
  gosuite::copy(a.slice(0, 5), b.slice(0, 5));
  ch.recv();
}

void TestRacePointerSliceCopyWrite2() {
  auto ch = make_chan<bool>(1);
  SliceVar<long*> a = var<Slice<long*>>(make_slice<long*>(10));
  SliceVar<long*> b = var<Slice<long*>>(make_slice<long*>(10));
  gor::go([&b, ch] {
    b[5] = new long(0);
    ch.send(true);
  });
  gosuite::copy(a, b);
  keep(a);  // a is otherwise dead: the optimizer would drop the copy
  ch.recv();
}

void TestNoRacePointerSliceCopyRead() {
  auto ch = make_chan<bool>(1);
  SliceVar<long*> a = var<Slice<long*>>(make_slice<long*>(10));
  SliceVar<long*> b = var<Slice<long*>>(make_slice<long*>(10));
  gor::go([&b, ch] {
    use(b[5]);
    ch.send(true);
  });
  gosuite::copy(a, b);
  keep(a);  // a is otherwise dead: the optimizer would drop the copy
  ch.recv();
}

void TestNoRaceSliceWriteSlice2() {
  auto ch = make_chan<bool>(1);
  SliceVar<double> a = var<Slice<double>>(make_slice<double>(10));
  gor::go([&a, ch] {
    a[2] = 1.0;
    ch.send(true);
  });
  use_obj(a.slice(0, 5));
  ch.recv();
}

void TestRaceSliceWriteSlice() {
  auto ch = make_chan<bool>(1);
  SliceVar<double> a = var<Slice<double>>(make_slice<double>(10));
  gor::go([&a, ch] {
    a[2] = 1.0;
    ch.send(true);
  });
  a = a.slice(5, 10);
  ch.recv();
}

void TestNoRaceSliceWriteSlice() {
  auto ch = make_chan<bool>(1);
  SliceVar<double> a = var<Slice<double>>(make_slice<double>(10));
  gor::go([&a, ch] {
    a[2] = 1.0;
    ch.send(true);
  });
  use_obj(a.slice(5, 10));
  ch.recv();
}

struct Unit {};

void TestNoRaceSliceLenCap() {
  auto ch = make_chan<bool>(1);
  SliceVar<Unit> a = var<Slice<Unit>>(make_slice<Unit>(10));
  gor::go([&a, ch] {
    use(a.len);
    ch.send(true);
  });
  use(a.cap);
  ch.recv();
}

void TestNoRaceStructSlicesRangeWrite() {
  struct Str {
    Slice<long> a, b;
  };
  auto ch = make_chan<bool>(1);
  auto& s = var<Str>();
  s.a = make_slice<long>(10);
  s.b = make_slice<long>(10);
  gor::go([&s, ch] {
    for (long i = 0; i < s.a.len; i++) spin();  // for range s.a {}
    ch.send(true);
  });
  s.b[5] = 5;
  ch.recv();
}

void TestRaceSliceDifferent() {
  auto c = make_chan<bool>(1);
  SliceVar<long> s = var<Slice<long>>(make_slice<long>(10));
  Slice<long> s2 = s;
  gor::go([&s, c] {
    s[3] = 3;
    c.send(true);
  });
  s2[3] = 3;
  c.recv();
}

void TestRaceSliceRangeWrite() {
  auto c = make_chan<bool>(1);
  SliceVar<long> s = var<Slice<long>>(make_slice<long>(10));
  gor::go([&s, c] {
    s[3] = 3;
    c.send(true);
  });
  const Slice<long> r = s;  // for _, v := range s { _ = v }
  for (long i = 0; i < r.len; i++) use(r.ptr[i]);
  c.recv();
}

void TestNoRaceSliceRangeWrite() {
  auto c = make_chan<bool>(1);
  SliceVar<long> s = var<Slice<long>>(make_slice<long>(10));
  gor::go([&s, c] {
    s[3] = 3;
    c.send(true);
  });
  for (long i = 0, n = s.len; i < n; i++) spin();  // for range s {}
  c.recv();
}

void TestRaceSliceRangeAppend() {
  auto c = make_chan<bool>(1);
  SliceVar<long> s = var<Slice<long>>(make_slice<long>(10));
  gor::go([&s, c] {
    s = append(s, 3L);
    c.send(true);
  });
  for (long i = 0, n = s.len; i < n; i++) spin();  // for range s {}
  c.recv();
}

void TestNoRaceSliceRangeAppend() {
  auto c = make_chan<bool>(1);
  SliceVar<long> s = var<Slice<long>>(make_slice<long>(10));
  gor::go([&s, c] {
    keep(append(s, 3L));
    c.send(true);
  });
  for (long i = 0, n = s.len; i < n; i++) spin();  // for range s {}
  c.recv();
}

void TestRaceSliceVarWrite() {
  auto c = make_chan<bool>(1);
  SliceVar<long> s = var<Slice<long>>(make_slice<long>(10));
  gor::go([&s, c] {
    s[3] = 3;
    c.send(true);
  });
  s = make_slice<long>(20);
  c.recv();
}

void TestRaceSliceVarRead() {
  auto c = make_chan<bool>(1);
  SliceVar<long> s = var<Slice<long>>(make_slice<long>(10));
  gor::go([&s, c] {
    use(s[3]);
    c.send(true);
  });
  s = make_slice<long>(20);
  c.recv();
}

void TestRaceSliceVarRange() {
  auto c = make_chan<bool>(1);
  SliceVar<long> s = var<Slice<long>>(make_slice<long>(10));
  gor::go([&s, c] {
    for (long i = 0, n = s.len; i < n; i++) spin();  // for range s {}
    c.send(true);
  });
  s = make_slice<long>(20);
  c.recv();
}

void TestRaceSliceVarAppend() {
  auto c = make_chan<bool>(1);
  SliceVar<long> s = var<Slice<long>>(make_slice<long>(10));
  gor::go([&s, c] {
    keep(append(s, 10L));
    c.send(true);
  });
  s = make_slice<long>(20);
  c.recv();
}

void TestRaceSliceVarCopy() {
  auto c = make_chan<bool>(1);
  SliceVar<long> s = var<Slice<long>>(make_slice<long>(10));
  gor::go([&s, c] {
    Slice<long> s2 = make_slice<long>(10);
    gosuite::copy(s, s2);
    c.send(true);
  });
  s = make_slice<long>(20);
  c.recv();
}

void TestRaceSliceVarCopy2() {
  auto c = make_chan<bool>(1);
  SliceVar<long> s = var<Slice<long>>(make_slice<long>(10));
  gor::go([&s, c] {
    Slice<long> s2 = make_slice<long>(10);
    gosuite::copy(s2, s);
    keep(s2);
    c.send(true);
  });
  s = make_slice<long>(20);
  c.recv();
}

void TestRaceSliceAppend() {
  auto c = make_chan<bool>(1);
  SliceVar<long> s = var<Slice<long>>(make_slice<long>(10, 20));
  gor::go([&s, c] {
    keep(append(s, 1L));
    c.send(true);
  });
  keep(append(s, 2L));
  c.recv();
}

void TestRaceSliceAppendWrite() {
  auto c = make_chan<bool>(1);
  SliceVar<long> s = var<Slice<long>>(make_slice<long>(10));
  gor::go([&s, c] {
    keep(append(s, 1L));
    c.send(true);
  });
  s[0] = 42;
  c.recv();
}

void TestRaceSliceAppendSlice() {
  auto c = make_chan<bool>(1);
  SliceVar<long> s = var<Slice<long>>(make_slice<long>(10));
  gor::go([&s, c] {
    Slice<long> s2 = make_slice<long>(10);
    keep(append(s, s2));
    c.send(true);
  });
  s[0] = 42;
  c.recv();
}

void TestRaceSliceAppendSlice2() {
  auto c = make_chan<bool>(1);
  SliceVar<long> s = var<Slice<long>>(make_slice<long>(10));
  SliceVar<long> s2foobar = var<Slice<long>>(make_slice<long>(10));
  gor::go([&s, &s2foobar, c] {
    keep(append(s, s2foobar));
    c.send(true);
  });
  s2foobar[5] = 42;
  c.recv();
}

void TestRaceSliceAppendString() {
  auto c = make_chan<bool>(1);
  SliceVar<char> s = var<Slice<char>>(make_slice<char>(10));
  gor::go([&s, c] {
    keep(append(s, std::string_view("qwerty")));
    c.send(true);
  });
  s[0] = 42;
  c.recv();
}

void TestRacePointerSliceAppend() {
  auto c = make_chan<bool>(1);
  SliceVar<long*> s = var<Slice<long*>>(make_slice<long*>(10, 20));
  gor::go([&s, c] {
    keep(append(s, new long(0)));
    c.send(true);
  });
  keep(append(s, new long(0)));
  c.recv();
}

void TestRacePointerSliceAppendWrite() {
  auto c = make_chan<bool>(1);
  SliceVar<long*> s = var<Slice<long*>>(make_slice<long*>(10));
  gor::go([&s, c] {
    keep(append(s, new long(0)));
    c.send(true);
  });
  s[0] = new long(0);
  c.recv();
}

void TestRacePointerSliceAppendSlice() {
  auto c = make_chan<bool>(1);
  SliceVar<long*> s = var<Slice<long*>>(make_slice<long*>(10));
  gor::go([&s, c] {
    Slice<long*> s2 = make_slice<long*>(10);
    keep(append(s, s2));
    c.send(true);
  });
  s[0] = new long(0);
  c.recv();
}

void TestRacePointerSliceAppendSlice2() {
  auto c = make_chan<bool>(1);
  SliceVar<long*> s = var<Slice<long*>>(make_slice<long*>(10));
  SliceVar<long*> s2foobar = var<Slice<long*>>(make_slice<long*>(10));
  gor::go([&s, &s2foobar, c] {
    keep(append(s, s2foobar));
    c.send(true);
  });
  // Go: println("WRITE:", &s2foobar[5]) (a debugging print, not ported)
  s2foobar[5] = nullptr;
  c.recv();
}

void TestNoRaceSliceIndexAccess() {
  auto c = make_chan<bool>(1);
  SliceVar<long> s = var<Slice<long>>(make_slice<long>(10));
  auto& v = var<long>(0);
  gor::go([&v, c] {
    use(v);
    c.send(true);
  });
  s[v] = 1;
  c.recv();
}

void TestNoRaceSliceIndexAccess2() {
  auto c = make_chan<bool>(1);
  SliceVar<long> s = var<Slice<long>>(make_slice<long>(10));
  auto& v = var<long>(0);
  gor::go([&v, c] {
    use(v);
    c.send(true);
  });
  use(s[v]);
  c.recv();
}

void TestRaceSliceIndexAccess() {
  auto c = make_chan<bool>(1);
  SliceVar<long> s = var<Slice<long>>(make_slice<long>(10));
  auto& v = var<long>(0);
  gor::go([&v, c] {
    v = 1;
    c.send(true);
  });
  s[v] = 1;
  c.recv();
}

void TestRaceSliceIndexAccess2() {
  auto c = make_chan<bool>(1);
  SliceVar<long> s = var<Slice<long>>(make_slice<long>(10));
  auto& v = var<long>(0);
  gor::go([&v, c] {
    v = 1;
    c.send(true);
  });
  use(s[v]);
  c.recv();
}

void TestRaceSliceByteToString() {
  auto c = make_chan<std::string>();
  SliceVar<char> s = var<Slice<char>>(make_slice<char>(10));
  gor::go([&s, c] { c.send(std::string(s.ptr, static_cast<size_t>(s.len))); });
  s[0] = 42;
  c.recv();
}

// string([]rune): UTF-8 encoding of each rune.
std::string runes_to_string(Slice<char32_t> s) {
  std::string out;
  for (long i = 0; i < s.len; i++) {
    char32_t r = s.ptr[i];
    if (r < 0x80) {
      out += static_cast<char>(r);
    } else if (r < 0x800) {
      out += static_cast<char>(0xC0 | (r >> 6));
      out += static_cast<char>(0x80 | (r & 0x3F));
    } else if (r < 0x10000) {
      out += static_cast<char>(0xE0 | (r >> 12));
      out += static_cast<char>(0x80 | ((r >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (r & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (r >> 18));
      out += static_cast<char>(0x80 | ((r >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((r >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (r & 0x3F));
    }
  }
  return out;
}

void TestRaceSliceRuneToString() {
  auto c = make_chan<std::string>();
  SliceVar<char32_t> s = var<Slice<char32_t>>(make_slice<char32_t>(10));
  gor::go([&s, c] { c.send(runes_to_string(s)); });
  s[9] = 42;
  c.recv();
}

void TestRaceConcatString() {
  auto& s = var<std::string_view>("hello");
  auto c = make_chan<std::string>(1);
  gor::go([&s, c] { c.send(std::string(s) + " world"); });
  s = "world";
  c.recv();
}

void TestRaceCompareString() {
  auto& s1 = var<std::string_view>("hello");
  auto& s2 = var<std::string_view>("world");
  auto c = make_chan<bool>(1);
  gor::go([&s1, &s2, c] { c.send(s1 == s2); });
  s1 = s2;
  c.recv();
}

void TestRaceSlice3() {
  auto done = make_chan<bool>();
  SliceVar<long> x = var<Slice<long>>(make_slice<long>(10));
  auto& i = var<long>(2);
  gor::go([&i, done] {
    i = 3;
    done.send(true);
  });
  use_obj(x.slice3(0, 1, i));
  done.recv();
}

void TestRaceSlice4() {
  // See issue 36794.
  SliceVar<char> data = var<Slice<char>>(gosuite::bytes_of("hello there"));
  auto& wg = var<gor::WaitGroup>();
  wg.add(1);
  gor::go([&data, &wg] {
    std::string str(data.ptr, static_cast<size_t>(data.len));  // _ = string(data)
    keep(str);
    wg.done();
  });
  gosuite::copy(data, data.from(2));
  wg.wait();
}

const gosuite::Test kTests[] = {
    GOSUITE_TEST(TestRaceSliceRW),
    GOSUITE_TEST(TestNoRaceSliceRW),
    GOSUITE_TEST(TestRaceSliceWW),
    GOSUITE_TEST(TestNoRaceArrayWW),
    GOSUITE_TEST(TestRaceArrayWW),
    GOSUITE_TEST(TestNoRaceSliceWriteLen),
    GOSUITE_TEST(TestNoRaceSliceWriteCap),
    GOSUITE_TEST(TestRaceSliceCopyRead),
    GOSUITE_TEST(TestNoRaceSliceWriteCopy),
    GOSUITE_TEST(TestRaceSliceCopyWrite2),
    GOSUITE_TEST(TestRaceSliceCopyWrite3),
    GOSUITE_TEST(TestNoRaceSliceCopyRead),
    GOSUITE_TEST(TestRacePointerSliceCopyRead),
    GOSUITE_TEST(TestNoRacePointerSliceWriteCopy),
    GOSUITE_TEST(TestRacePointerSliceCopyWrite2),
    GOSUITE_TEST(TestNoRacePointerSliceCopyRead),
    GOSUITE_TEST(TestNoRaceSliceWriteSlice2),
    GOSUITE_TEST(TestRaceSliceWriteSlice),
    GOSUITE_TEST(TestNoRaceSliceWriteSlice),
    GOSUITE_TEST(TestNoRaceSliceLenCap),
    GOSUITE_TEST(TestNoRaceStructSlicesRangeWrite),
    GOSUITE_TEST(TestRaceSliceDifferent),
    GOSUITE_TEST(TestRaceSliceRangeWrite),
    GOSUITE_TEST(TestNoRaceSliceRangeWrite),
    GOSUITE_TEST(TestRaceSliceRangeAppend),
    GOSUITE_TEST(TestNoRaceSliceRangeAppend),
    GOSUITE_TEST(TestRaceSliceVarWrite),
    GOSUITE_TEST(TestRaceSliceVarRead),
    GOSUITE_TEST(TestRaceSliceVarRange),
    GOSUITE_TEST(TestRaceSliceVarAppend),
    GOSUITE_TEST(TestRaceSliceVarCopy),
    GOSUITE_TEST(TestRaceSliceVarCopy2),
    GOSUITE_TEST(TestRaceSliceAppend),
    GOSUITE_TEST(TestRaceSliceAppendWrite),
    GOSUITE_TEST(TestRaceSliceAppendSlice),
    GOSUITE_TEST(TestRaceSliceAppendSlice2),
    GOSUITE_TEST(TestRaceSliceAppendString),
    GOSUITE_TEST(TestRacePointerSliceAppend),
    GOSUITE_TEST(TestRacePointerSliceAppendWrite),
    GOSUITE_TEST(TestRacePointerSliceAppendSlice),
    GOSUITE_TEST(TestRacePointerSliceAppendSlice2),
    GOSUITE_TEST(TestNoRaceSliceIndexAccess),
    GOSUITE_TEST(TestNoRaceSliceIndexAccess2),
    GOSUITE_TEST(TestRaceSliceIndexAccess),
    GOSUITE_TEST(TestRaceSliceIndexAccess2),
    GOSUITE_TEST(TestRaceSliceByteToString),
    GOSUITE_TEST(TestRaceSliceRuneToString),
    GOSUITE_TEST(TestRaceConcatString),
    GOSUITE_TEST(TestRaceCompareString),
    GOSUITE_TEST(TestRaceSlice3),
    GOSUITE_TEST(TestRaceSlice4),
};

}  // namespace

int main(int argc, char** argv) {
  return gosuite::run(argc, argv, kTests);
}
