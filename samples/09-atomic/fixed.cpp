// Lesson 9 (fixed): the counter as a std::atomic<int>.
//
// The Go program it mirrors (Go by Example, "Atomic Counters"):
//
//   var ops atomic.Uint64
//   for i := 0; i < 4; i++ {
//       wg.Add(1)
//       go func() { defer wg.Done(); for c := 0; c < 1000; c++ { ops.Add(1) } }()
//   }
//   wg.Wait()
//   fmt.Println("ops:", ops.Load())   // always 4000
//
// std::atomic is gor's atomics API: fetch_add is one indivisible
// read-modify-write, and atomics synchronise as Go's sync/atomic does
// (sequentially consistent by default).
#include <gor/gor.hpp>

#include <atomic>
#include <cstdio>

int main() {
  return gor::main([] {
    std::atomic<int> ops{0};
    gor::WaitGroup wg;
    for (int i = 0; i < 4; ++i) {
      wg.go([&ops] {
        for (int c = 0; c < 1000; ++c) {
          ops.fetch_add(1);  // or ops++: also atomic on a std::atomic
          gor::yield();
        }
      });
    }
    wg.wait();
    std::printf("ops: %d\n", ops.load());
  });
}
