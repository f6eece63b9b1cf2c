// Lesson 15.2: fan-out, fan-in. Several goroutines read from the same channel
// to share the work (fan-out); one merge stage multiplexes their outputs onto
// one channel, closed once all of them are done (fan-in).
//
// The Go program it mirrors (go.dev/blog/pipelines):
//
//   func merge(cs ...<-chan int) <-chan int {
//       var wg sync.WaitGroup
//       out := make(chan int)
//       output := func(c <-chan int) { for n := range c { out <- n }; wg.Done() }
//       wg.Add(len(cs))
//       for _, c := range cs { go output(c) }
//       go func() { wg.Wait(); close(out) }()   // close once every input is drained
//       return out
//   }
//   in := gen(1, 2, ..., 10)
//   c1, c2, c3 := sq(in), sq(in), sq(in)      // three workers share in
//   for n := range merge(c1, c2, c3) { ... }
#include <gor/gor.hpp>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <vector>

// Emits 1..count, then closes.
static gor::RecvChan<int> gen(int count) {
  auto out = gor::make_chan<int>();
  gor::go([out, count]() mutable {
    for (int n = 1; n <= count; ++n) out.send(n);
    out.close();
  });
  return out;
}

// Squares each number it receives.
static gor::RecvChan<int> sq(gor::RecvChan<int> in) {
  auto out = gor::make_chan<int>();
  gor::go([in, out]() mutable {
    for (int n : in) out.send(n * n);
    out.close();
  });
  return out;
}

// Fan-in: forwards every value of every input to one channel, closed after
// the last input is closed and drained.
static gor::RecvChan<int> merge(const std::vector<gor::RecvChan<int>>& inputs) {
  auto out = gor::make_chan<int>();
  auto wg = std::make_shared<gor::WaitGroup>();  // shared by the forwarders and the closer
  wg->add(static_cast<int>(inputs.size()));
  for (gor::RecvChan<int> in : inputs) {
    gor::go([in, out, wg]() mutable {
      for (int n : in) out.send(n);
      wg->done();
    });
  }
  gor::go([out, wg]() mutable {
    wg->wait();
    out.close();
  });
  return out;
}

int main() {
  return gor::main([] {
    gor::RecvChan<int> in = gen(10);
    std::vector<int> squares;
    for (int n : merge({sq(in), sq(in), sq(in)})) squares.push_back(n);
    std::sort(squares.begin(), squares.end());  // the workers finish in any order
    int sum = 0;
    for (int n : squares) {
      std::printf("%d ", n);
      sum += n;
    }
    std::printf("\nsum = %d\n", sum);
  });
}
