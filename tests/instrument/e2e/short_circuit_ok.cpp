// `y == 1 && x == 1` reads x only when y == 1, which never holds here, so
// nothing races with the goroutine's write of x. From -O1 on, LLVM would
// evaluate the condition without a branch, loading x every time, unless the
// function is sanitize_thread (no_speculation.cpp), as under TSan. Go's
// TestNoRaceAnd / TestNoRaceOr.
// EXPECT: no race
#include <gor/gor.hpp>

long x, y;

// Hides the values from the optimizer, which could otherwise fold y == 1.
template <class T>
void opaque(T& v) {
  asm volatile("" : : "r"(&v) : "memory");
}

int main() {
  return gor::main([] {
    opaque(x);
    opaque(y);
    auto done = gor::make_chan<int>();
    gor::go([done] {
      x = 1;
      done.send(1);
    });
    const bool both = y == 1 && x == 1;
    const bool either = y == 0 || x == 1;
    asm volatile("" : : "r"(both), "r"(either));
    done.recv();
  });
}
