// Lesson 15.4: cancelling with a gor::Context, Go's context.Context. A
// context carries a done channel closed on cancellation (or at a deadline),
// through every call and goroutine of a request; err() says why it ended.
//
// The Go program it mirrors:
//
//   ctx, cancel := context.WithCancel(context.Background())
//   out := sq(ctx, gen(ctx))
//   fmt.Println(<-out, <-out, <-out)
//   cancel()                             // every stage sees ctx.Done()
//
//   ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
//   defer cancel()
//   select {
//   case r := <-slowResult: ...
//   case <-ctx.Done(): fmt.Println(ctx.Err())   // context deadline exceeded
//   }
#include <gor/gor.hpp>

#include <chrono>
#include <cstdio>
#include <string>

using namespace std::chrono_literals;

// Go's err.Error(): "context canceled", "context deadline exceeded".
static std::string message(gor::ContextError err) {
  return std::string(err.message());
}

// Emits 1, 2, 3, ... until ctx is cancelled.
static gor::RecvChan<int> gen(gor::Context ctx, gor::WaitGroup& stages) {
  auto out = gor::make_chan<int>();
  stages.go([ctx, out]() mutable {
    for (int n = 1;; ++n) {
      bool cancelled = false;
      gor::select(gor::send(out, n, [] {}),
                  gor::recv(ctx.done(), [&](auto&&...) { cancelled = true; }));
      if (cancelled) break;
    }
    out.close();
  });
  return out;
}

// Squares what it receives until its input ends or ctx is cancelled.
static gor::RecvChan<int> sq(gor::Context ctx, gor::RecvChan<int> in, gor::WaitGroup& stages) {
  auto out = gor::make_chan<int>();
  stages.go([ctx, in, out]() mutable {
    for (int n : in) {
      bool cancelled = false;
      gor::select(gor::send(out, n * n, [] {}),
                  gor::recv(ctx.done(), [&](auto&&...) { cancelled = true; }));
      if (cancelled) break;
    }
    out.close();
  });
  return out;
}

int main() {
  return gor::main([] {
    // Cancel explicitly once we have what we need.
    {
      auto [ctx, cancel] = gor::with_cancel(gor::background());
      gor::WaitGroup stages;
      gor::RecvChan<int> out = sq(ctx, gen(ctx, stages), stages);
      for (int i = 0; i < 3; ++i) std::printf("%d\n", out.recv());
      cancel();
      stages.wait();
      std::printf("cancelled: every stage has returned (%s)\n", message(ctx.err()).c_str());
    }
    // Give up on a slow operation at a deadline.
    {
      auto [ctx, cancel] = gor::with_timeout(gor::background(), 20ms);
      auto never = gor::make_chan<int>();  // a result that never comes
      gor::select(gor::recv(never, [](int, bool) { std::puts("got a result"); }),
                  gor::recv(ctx.done(), [&](auto&&...) {
                    std::printf("gave up: %s\n", message(ctx.err()).c_str());
                  }));
      cancel();  // Go's `defer cancel()`: releases the context's timer
    }
  });
}
