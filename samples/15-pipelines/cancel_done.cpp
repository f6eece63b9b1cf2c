// Lesson 15.3: cancelling a pipeline with a done channel. When the consumer
// stops early, the upstream goroutines must not block forever on a send
// nobody will receive (a goroutine leak): every send also waits on `done`,
// and closing `done` tells every stage at once to return.
//
// The Go program it mirrors (go.dev/blog/pipelines, "explicit cancellation"):
//
//   func sq(done <-chan struct{}, in <-chan int) <-chan int {
//       out := make(chan int)
//       go func() {
//           defer close(out)
//           for n := range in {
//               select {
//               case out <- n * n:
//               case <-done: return
//               }
//           }
//       }()
//       return out
//   }
//   done := make(chan struct{})
//   out := sq(done, gen(done, 1, 2, 3, ...))
//   fmt.Println(<-out, <-out, <-out)   // take three
//   close(done)                        // and cancel the rest
#include <gor/gor.hpp>

#include <cstdio>
#include <memory>

// Emits 1, 2, 3, ... until done is closed.
static gor::RecvChan<int> gen(gor::RecvChan<bool> done, gor::WaitGroup& stages) {
  auto out = gor::make_chan<int>();
  stages.go([done, out]() mutable {
    for (int n = 1;; ++n) {
      bool cancelled = false;
      gor::select(gor::send(out, n, [] {}), gor::recv(done, [&](bool, bool) { cancelled = true; }));
      if (cancelled) break;
    }
    out.close();
  });
  return out;
}

// Squares what it receives until its input ends or done is closed.
static gor::RecvChan<int> sq(gor::RecvChan<bool> done, gor::RecvChan<int> in,
                             gor::WaitGroup& stages) {
  auto out = gor::make_chan<int>();
  stages.go([done, in, out]() mutable {
    for (int n : in) {
      bool cancelled = false;
      gor::select(gor::send(out, n * n, [] {}),
                  gor::recv(done, [&](bool, bool) { cancelled = true; }));
      if (cancelled) break;
    }
    out.close();
  });
  return out;
}

int main() {
  return gor::main([] {
    auto done = gor::make_chan<bool>();  // never sent on: closing it is the signal
    gor::WaitGroup stages;
    gor::RecvChan<int> out = sq(done, gen(done, stages), stages);
    for (int i = 0; i < 3; ++i) std::printf("%d\n", out.recv());
    done.close();   // cancel: both stages see it in their select
    stages.wait();  // ...and return; without done they would block forever
    std::puts("cancelled: every stage has returned");
  });
}
