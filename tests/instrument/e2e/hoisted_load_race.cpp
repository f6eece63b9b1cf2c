// A load the optimizer hoists out of a loop loses its debug location; it is
// still checked (as the program's, not the runtime's into whose trampoline
// the goroutine's body is inlined), and reported at a line of the loop.
// EXPECT: race
#include <gor/gor.hpp>

#include <cstdio>

int main() {
  return gor::main([] {
    long limit = 0;
    gor::WaitGroup wg;
    wg.add(1);
    gor::go([&] {
      long sum = 0;
      for (int i = 0; i < 100; ++i) sum += limit;  // RACE: A
      std::printf("sum %ld\n", sum);
      wg.done();
    });
    limit = 1;  // RACE: B
    wg.wait();
  });
}
