// Lesson 6.5: channel ownership. The goroutine that owns a channel creates
// it, writes to it and closes it, and hands out only a receive-only view; the
// consumers just read until it is closed. Nobody else can send on a closed
// channel (a panic) or close it twice (a panic): ownership makes both
// impossible by construction.
//
// The Go program it mirrors ("Concurrency in Go", chapter 3):
//
//   chanOwner := func() <-chan int {
//       results := make(chan int, 5)
//       go func() {
//           defer close(results)
//           for i := 0; i <= 5; i++ { results <- i }
//       }()
//       return results
//   }
//   for r := range chanOwner() { fmt.Printf("Received: %d\n", r) }
//   fmt.Println("Done receiving!")
#include <gor/gor.hpp>

#include <cstdio>

// Creates the channel, starts the goroutine that owns its writing side, and
// returns only the reading side.
static gor::RecvChan<int> chan_owner() {
  auto results = gor::make_chan<int>(5);
  gor::go([results]() mutable {
    for (int i = 0; i <= 5; ++i) results.send(i);
    results.close();  // the owner, and only the owner, closes
  });
  return results;
}

int main() {
  return gor::main([] {
    for (int r : chan_owner()) std::printf("Received: %d\n", r);
    std::puts("Done receiving!");
  });
}
