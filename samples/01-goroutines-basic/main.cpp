// Lesson 1: goroutines. A goroutine is a function running concurrently with
// the other goroutines of the program; Go's `go f(x)` is `gor::go(f, x)`.
//
// The Go program it mirrors:
//
//   func main() {
//       results := make(chan result)
//       for i := 0; i < 3; i++ {
//           go func(id int) { results <- result{id, sumTo((id + 1) * 1000)} }(i)
//       }
//       for i := 0; i < 3; i++ { r := <-results; sums[r.id] = r.sum }
//   }
#include <gor/gor.hpp>

#include <cstdio>
#include <utility>

// 1 + 2 + ... + n: a little work for a goroutine.
static long sum_to(long n) {
  long sum = 0;
  for (long i = 1; i <= n; ++i) sum += i;
  return sum;
}

int main() {
  return gor::main([] {
    // gor::main runs this lambda as the main goroutine (id 1), as Go's main.
    std::printf("main is goroutine %lld\n", static_cast<long long>(gor::goid()));

    // gor::go returns at once: the three goroutines run concurrently with
    // main, in an order nobody promises. Each reports back on a channel.
    auto results = gor::make_chan<std::pair<int, long>>();
    for (int i = 0; i < 3; ++i) {
      // Arguments are copied into the goroutine, as with std::thread.
      gor::go([results](int id) mutable { results.send({id, sum_to((id + 1) * 1000L)}); }, i);
    }

    // Wait for all three. Without this, main would return and the program
    // would end, abandoning the goroutines, exactly as in Go.
    long sums[3] = {};
    for (int i = 0; i < 3; ++i) {
      auto [id, sum] = results.recv();
      sums[id] = sum;
    }
    for (int id = 0; id < 3; ++id) {
      std::printf("goroutine %d: sum(1..%d) = %ld\n", id, (id + 1) * 1000, sums[id]);
    }
  });
}
