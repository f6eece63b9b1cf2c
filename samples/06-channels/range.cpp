// Lesson 6.2: ranging over a channel. `for (int v : ch)` receives until the
// channel is closed and drained, as Go's `for v := range ch`.
//
// The Go program it mirrors:
//
//   queue := make(chan int)
//   go func() {
//       defer close(queue)           // the sender closes: "no more values"
//       for i := 1; i <= 5; i++ { queue <- i * 10 }
//   }()
//   for v := range queue { fmt.Println(v) }
#include <gor/gor.hpp>

#include <cstdio>

int main() {
  return gor::main([] {
    auto queue = gor::make_chan<int>();
    gor::go([queue]() mutable {
      for (int i = 1; i <= 5; ++i) queue.send(i * 10);
      queue.close();  // without it, the range below would wait forever
    });
    for (int v : queue) std::printf("received %d\n", v);
    std::puts("channel closed: range loop ended");
  });
}
