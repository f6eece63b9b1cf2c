// Lesson 5 (fixed): each goroutine gets its own copy of the loop variable.
//
// The Go fixes (before Go 1.22, and what Go 1.22 now does for you):
//
//   for i := 0; i < 3; i++ {
//       go func(i int) { fmt.Println(i) }(i)   // pass it as an argument
//   }
//   for i := 0; i < 3; i++ {
//       i := i                                 // or shadow it per iteration
//       go func() { fmt.Println(i) }()
//   }
//
// In C++, capture by value ([i]) or pass it as an argument to gor::go, which
// copies its arguments like std::thread.
#include <gor/gor.hpp>

#include <cstdio>

int main() {
  return gor::main([] {
    gor::WaitGroup wg;
    for (int i = 0; i < 3; i++) {
      wg.add(1);
      gor::go([&wg, i] {  // i copied when the goroutine is created
        std::printf("captured copy: i = %d\n", i);
        wg.done();
      });
    }
    for (int i = 0; i < 3; i++) {
      wg.add(1);
      gor::go(
          [&wg](int n) {  // i passed as an argument: copied too
            std::printf("argument: i = %d\n", n);
            wg.done();
          },
          i);
    }
    wg.wait();
  });
}
