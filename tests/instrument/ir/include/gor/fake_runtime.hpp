// Stands in for a runtime header: its path contains "/include/gor/", so
// code from it is not instrumented, even when inlined into user code.
#pragma once
#include <vector>

namespace gor {
struct FakeChan {
  int count = 0;
  std::vector<int> items;
  // Runtime code, inlined or not: no access instrumented.
  __attribute__((noinline)) void push(int v) {
    items.push_back(v);
    ++count;
  }
  void push_inline(int v) {
    items.push_back(v);
    ++count;
  }
  // A user callback inlined into runtime code stays user code.
  template <typename F>
  void with(F f) {
    ++count;
    f();
  }
};
// Calls one of two user callbacks: once both are inlined, the optimizer may
// merge their stores into one whose location is this function's (line 0).
template <typename A, typename B>
void choose(bool first, A a, B b) {
  if (first) {
    a();
  } else {
    b();
  }
}
}  // namespace gor
