// Helpers shared by the ports of Go's mop_test.go, comp_test.go,
// regression_test.go and slice_test.go (instrumented: included by the test
// files, which are compiled with the gorace plugin).
//
// Why these exist: Go's race instrumentation is inserted for every load and
// store the source evaluates, before optimisation; clang's (and gorace's) is
// inserted after optimisation, so an evaluation whose value is never used is
// gone. A faithful port must therefore *use* what Go evaluates:
//  - `_ = x` (scalar) is gosuite::use(x) (harness.hpp);
//  - `_ = x` (aggregate) is use_obj(x): a copy kept in memory;
//  - a value Go builds and drops (`_ = append(s, 1)`, `x := []int{0, y}` with
//    x unused) is keep(v): v and all memory reachable from it are
//    materialised (asm with a memory clobber);
//  - an argument Go passes to an empty function is consumed in the C++
//    callee with use(), so its evaluation at the call site stays;
//  - an empty Go loop body (`for range s {}`) is spin(), so the loop (and its
//    reads of len) stays.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <string_view>
#include <utility>

#include <gor/gor.hpp>

#include "harness.hpp"

namespace gosuite {

/// Materialises `obj` (and everything reachable from it) in memory.
template <class T>
inline void keep(const T& obj) {
  asm volatile("" : : "r"(&obj) : "memory");
}

/// Go's `_ = v` for an aggregate: reads all of v.
template <class T>
inline void use_obj(const T& v) {
  T copy = v;
  keep(copy);
}

/// An empty loop body that the optimizer keeps.
inline void spin() {
  asm volatile("");
}

/// Go's run-time panics (index out of range, integer divide by zero).
[[noreturn]] inline void rt_panic(const char* msg) {
  throw gor::Panic(msg);
}

/// Go's integer division: panics on a zero divisor.
template <class T>
inline T go_div(T a, T b) {
  if (b == 0) rt_panic("runtime error: integer divide by zero");
  return a / b;
}

/// Go's slice: a header (pointer, length, capacity) over a backing array
/// that is never freed (Go's arrays are garbage collected). T must be
/// trivially copyable (Go's append/copy are memmoves).
template <class T>
struct Slice {
  T* ptr = nullptr;
  long len = 0;
  long cap = 0;

  T& operator[](long i) const {
    if (i < 0 || i >= len) rt_panic("runtime error: index out of range");
    return ptr[i];
  }
  /// s[lo:hi]
  Slice slice(long lo, long hi) const {
    if (lo < 0 || hi < lo || hi > cap) rt_panic("runtime error: slice bounds out of range");
    return Slice{ptr + lo, hi - lo, cap - lo};
  }
  /// s[lo:]
  Slice from(long lo) const { return slice(lo, len); }
  /// s[lo:hi:max]
  Slice slice3(long lo, long hi, long max) const {
    if (lo < 0 || hi < lo || max < hi || max > cap)
      rt_panic("runtime error: slice bounds out of range");
    return Slice{ptr + lo, hi - lo, max - lo};
  }
};

/// make([]T, len, cap): zeroed.
template <class T>
Slice<T> make_slice(long len, long cap = -1) {
  if (cap < len) cap = len;
  T* p = new T[cap > 0 ? cap : 1]();
  return Slice<T>{p, len, cap};
}

/// []T{a, b, c}
template <class T>
Slice<T> slice_of(std::initializer_list<T> items) {
  Slice<T> s = make_slice<T>(static_cast<long>(items.size()));
  long i = 0;
  for (const T& v : items) s.ptr[i++] = v;
  return s;
}

/// []byte("...")
inline Slice<char> bytes_of(std::string_view str) {
  Slice<char> s = make_slice<char>(static_cast<long>(str.size()));
  std::memmove(s.ptr, str.data(), str.size());
  return s;
}

/// append(s, items[0..n)...): as Go's growslice, the old elements are
/// copied (read) when the capacity is exceeded, else the new ones are
/// written into s's backing array after len.
template <class T>
Slice<T> append_n(Slice<T> s, const T* items, long n) {
  const long need = s.len + n;
  if (need > s.cap) {
    const long nc = std::max(need, 2 * s.cap);
    T* p = new T[nc]();
    std::memmove(static_cast<void*>(p), s.ptr, static_cast<size_t>(s.len) * sizeof(T));
    s.ptr = p;
    s.cap = nc;
  }
  std::memmove(static_cast<void*>(s.ptr + s.len), items, static_cast<size_t>(n) * sizeof(T));
  s.len = need;
  return s;
}
template <class T>
Slice<T> append(Slice<T> s, T v) {
  return append_n(s, &v, 1);
}
/// append(s, o...)
template <class T>
Slice<T> append(Slice<T> s, Slice<T> o) {
  return append_n(s, o.ptr, o.len);
}
/// append(s, "str"...)
inline Slice<char> append(Slice<char> s, std::string_view str) {
  return append_n(s, str.data(), static_cast<long>(str.size()));
}

/// copy(dst, src)
template <class T>
long copy(Slice<T> dst, Slice<T> src) {
  const long n = std::min(dst.len, src.len);
  std::memmove(static_cast<void*>(dst.ptr), src.ptr, static_cast<size_t>(n) * sizeof(T));
  return n;
}
/// copy(dst, "str")
inline long copy(Slice<char> dst, std::string_view src) {
  const long n = std::min(dst.len, static_cast<long>(src.size()));
  std::memmove(dst.ptr, src.data(), static_cast<size_t>(n));
  return n;
}

/// Go's defer of a call whose arguments were evaluated at the defer
/// statement (captured by value in `f`).
template <class F>
struct Defer {
  F f;
  ~Defer() { f(); }
};
template <class F>
Defer(F) -> Defer<F>;

}  // namespace gosuite
