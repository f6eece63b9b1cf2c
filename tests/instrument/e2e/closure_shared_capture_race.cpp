// A goroutine's own closure is not checked, unless it shares a capture: a
// mutable lambda handing its capture to a nested goroutine by reference
// races with it.
// EXPECT: race
#include <gor/gor.hpp>

#include <cstdio>

int main() {
  return gor::main([] {
    gor::WaitGroup wg;
    wg.add(1);
    gor::go([&wg, count = 0L]() mutable {
      gor::WaitGroup inner;
      inner.add(1);
      gor::go([&count, &inner] {
        count = 1;  // RACE: A
        inner.done();
      });
      std::printf("count %ld\n", count);  // RACE: B
      inner.wait();
      wg.done();
    });
    wg.wait();
  });
}
