// Lesson 3: waiting for a group of goroutines with a WaitGroup.
//
// The Go program it mirrors:
//
//   var wg sync.WaitGroup
//   for i := 1; i <= 5; i++ {
//       wg.Add(1)                 // before `go`, never inside the goroutine
//       go func(id int) {
//           defer wg.Done()
//           squares[id] = id * id // each goroutine writes its own element
//       }(i)
//   }
//   wg.Wait()                     // every Done happens before Wait returns
//
//   wg.Go(func() { ... })         // Go 1.25: Add(1) + go + defer Done()
//
// The rules: call add before starting the goroutine (an add racing wait is a
// bug the race detector reports), pass the WaitGroup by reference (a copy is
// a different counter), and read the goroutines' results only after wait.
#include <gor/gor.hpp>

#include <cstdio>

// Squares 1..5 in five goroutines, the explicit way: add, go, done, wait.
static void squares() {
  int squares[6] = {};
  gor::WaitGroup wg;
  for (int i = 1; i <= 5; ++i) {
    wg.add(1);
    gor::go(
        [&wg, &squares](int id) {
          squares[id] = id * id;
          wg.done();  // Go's `defer wg.Done()`
        },
        i);
  }
  wg.wait();
  for (int i = 1; i <= 5; ++i) std::printf("%d squared is %d\n", i, squares[i]);
}

// The same pattern with wg.go, which adds, starts and marks done for us.
static void cubes() {
  int cubes[6] = {};
  gor::WaitGroup wg;
  for (int i = 1; i <= 5; ++i) {
    wg.go([&cubes, i] { cubes[i] = i * i * i; });  // i copied: each goroutine its own
  }
  wg.wait();
  for (int i = 1; i <= 5; ++i) std::printf("%d cubed is %d\n", i, cubes[i]);
}

int main() {
  return gor::main([] {
    squares();
    cubes();
  });
}
