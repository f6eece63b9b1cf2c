// gor_million N: parks N goroutines on one channel, releases them with
// close(), joins them (anchors/go/million). Prints the times; run under
// /usr/bin/time -v for peak memory.
#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "gor/gor.hpp"

int main(int argc, char** argv) {
  char* end = nullptr;
  long n = argc == 2 ? strtol(argv[1], &end, 10) : -1;
  if (argc != 2 || *end != '\0' || n < 0) {
    fprintf(stderr, "usage: gor_million N   (N: number of goroutines, a non-negative integer)\n");
    return 2;
  }
  return gor::main([n] {
    using Clock = std::chrono::steady_clock;
    auto ms = [](Clock::duration d) {
      return std::chrono::duration<double, std::milli>(d).count();
    };
    auto start = Clock::now();
    auto gate = gor::make_chan<char>();
    gor::WaitGroup wg;
    wg.add(static_cast<int>(n));
    for (long i = 0; i < n; ++i) {
      gor::go([gate, &wg] {
        gate.recv();
        wg.done();
      });
    }
    auto parked = Clock::now() - start;
    gate.close();
    wg.wait();
    printf("n=%ld parked=%.1fms total=%.1fms\n", n, ms(parked), ms(Clock::now() - start));
  });
}
