// Lesson 1, part 2: concurrency is not parallelism.
//
// Two CPU-bound goroutines. With GOMAXPROCS=1 there is one processor: the
// goroutines are concurrent (both in progress) but take turns, so together they
// take about twice as long as one alone. With GOMAXPROCS=2 they run in parallel
// on two processors and take about as long as one alone (given two idle cores).
//
//   GOMAXPROCS=1 ./parallelism
//   GOMAXPROCS=2 ./parallelism
//
// The results go to stdout (always the same); the timings go to stderr.
#include <gor/gor.hpp>

#include <chrono>
#include <cstdint>
#include <cstdio>

// A CPU-bound loop (a linear congruential generator), no memory shared.
static uint64_t spin(uint64_t seed, long iterations) {
  uint64_t x = seed;
  for (long i = 0; i < iterations; ++i) x = x * 6364136223846793005ULL + 1442695040888963407ULL;
  return x;
}

static double ms_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

int main() {
  return gor::main([] {
    constexpr long kIterations = 20'000'000;
    auto t0 = std::chrono::steady_clock::now();
    uint64_t alone = spin(1, kIterations);
    double alone_ms = ms_since(t0);

    auto done = gor::make_chan<uint64_t>(2);
    auto t1 = std::chrono::steady_clock::now();
    for (uint64_t seed = 1; seed <= 2; ++seed) {
      gor::go([done, seed]() mutable { done.send(spin(seed, kIterations)); });
    }
    uint64_t checksum = done.recv() ^ done.recv();  // xor: the order does not matter
    double both_ms = ms_since(t1);

    std::printf("one goroutine: %016llx\n", static_cast<unsigned long long>(alone));
    std::printf("two goroutines: %016llx\n", static_cast<unsigned long long>(checksum));
    std::fprintf(stderr, "GOMAXPROCS=%d: one goroutine %.1f ms, two goroutines %.1f ms (%.2fx)\n",
                 static_cast<int>(gor::gomaxprocs()), alone_ms, both_ms, both_ms / alone_ms);
  });
}
