// Lesson 15.1: a pipeline: stages connected by channels, each stage a
// goroutine that receives from upstream, works, and sends downstream.
//
// The Go program it mirrors (go.dev/blog/pipelines):
//
//   func gen(nums ...int) <-chan int {
//       out := make(chan int)
//       go func() { for _, n := range nums { out <- n }; close(out) }()
//       return out
//   }
//   func sq(in <-chan int) <-chan int {
//       out := make(chan int)
//       go func() { for n := range in { out <- n * n }; close(out) }()
//       return out
//   }
//   func main() {
//       for n := range sq(gen(2, 3)) { fmt.Println(n) }       // 4 9
//       for n := range sq(sq(gen(2, 3))) { fmt.Println(n) }   // 16 81
//   }
//
// Each stage closes its output when its input is exhausted, so the close
// flows down the pipeline and every range loop ends.
#include <gor/gor.hpp>

#include <cstdio>
#include <initializer_list>
#include <vector>

// The first stage: emits nums, then closes.
static gor::RecvChan<int> gen(std::initializer_list<int> nums) {
  auto out = gor::make_chan<int>();
  gor::go([out, v = std::vector<int>(nums)]() mutable {
    for (int n : v) out.send(n);
    out.close();
  });
  return out;
}

// A middle stage: squares each number it receives.
static gor::RecvChan<int> sq(gor::RecvChan<int> in) {
  auto out = gor::make_chan<int>();
  gor::go([in, out]() mutable {
    for (int n : in) out.send(n * n);
    out.close();
  });
  return out;
}

int main() {
  return gor::main([] {
    for (int n : sq(gen({2, 3}))) std::printf("%d\n", n);
    for (int n : sq(sq(gen({2, 3})))) std::printf("%d\n", n);  // stages compose
  });
}
