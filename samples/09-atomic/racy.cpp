// Lesson 9 (racy): a counter incremented by several goroutines as a plain int.
//
// The Go program it mirrors (Go by Example, "Atomic Counters", done wrong):
//
//   var ops int
//   for i := 0; i < 4; i++ {
//       wg.Add(1)
//       go func() { defer wg.Done(); for c := 0; c < 1000; c++ { ops++ } }()
//   }
//   wg.Wait()
//   fmt.Println("ops:", ops)   // often less than 4000
//
// ops++ is a load, an add and a store: two goroutines can load the same
// value and one increment is lost. It is a data race whatever the result.
#include <gor/gor.hpp>

#include <cstdio>

int main() {
  return gor::main([] {
    int ops = 0;
    gor::WaitGroup wg;
    for (int i = 0; i < 4; ++i) {
      wg.go([&ops] {
        for (int c = 0; c < 1000; ++c) {
          ops++;         // RACE: plain read-modify-write from four goroutines
          gor::yield();  // let the others run in between, even on one processor
        }
      });
    }
    wg.wait();
    std::printf("ops: %d\n", ops);
  });
}
