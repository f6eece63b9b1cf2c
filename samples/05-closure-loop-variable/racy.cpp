// Lesson 5 (racy): goroutines capturing the loop variable by reference.
//
// The Go program it mirrors (racy before Go 1.22, where one variable i was
// shared by every iteration):
//
//   for i := 0; i < 3; i++ {
//       wg.Add(1)
//       go func() { defer wg.Done(); fmt.Println(i) }()  // reads the shared i
//   }
//   wg.Wait()
//
// The loop writes i (i++) while the goroutines read it: a data race. The
// goroutines may print 3 3 3, 1 3 3, 0 1 2... whatever i holds when they run.
// (Go 1.22 gave each iteration its own i; in C++ the lambda decides: [&i]
// shares the variable, [i] copies it.)
#include <gor/gor.hpp>

#include <cstdio>

int main() {
  return gor::main([] {
    gor::WaitGroup wg;
    int i;                     // one variable for the whole loop (alive until wg.wait returns)
    for (i = 0; i < 3; i++) {  // RACE: the loop writes i...
      wg.add(1);
      gor::go([&wg, &i] {                           // BUG: every goroutine shares the loop's i
        std::printf("goroutine sees i = %d\n", i);  // RACE: ...while the goroutines read it
        wg.done();
      });
    }
    wg.wait();
  });
}
