// Preemption: with one worker, a goroutine spinning on an atomic flag must
// let the goroutine that sets it run (Go preempts it after 10 ms). The data
// published before the release store is then read without a race.
// EXPECT: no race
#include <atomic>
#include <cstdio>
#include <cstdlib>

#include "gor/gor.hpp"

int main() {
  setenv("GOMAXPROCS", "1", 1);
  return gor::main([] {
    long data = 0;
    std::atomic<bool> ready{false};
    gor::go([&] {
      data = 42;
      ready.store(true, std::memory_order_release);
    });
    while (!ready.load(std::memory_order_acquire)) {
    }
    std::printf("data = %ld\n", data);
  });
}
