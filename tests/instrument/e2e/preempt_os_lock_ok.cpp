// Preemption never switches out a goroutine holding a C library lock: with
// one worker, a goroutine waiting on that std::mutex would block the worker
// the holder needs. The holder runs for well over a sysmon tick inside its
// critical section while the other goroutine waits to lock.
// EXPECT: no race
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <mutex>

#include "gor/gor.hpp"

int main() {
  setenv("GOMAXPROCS", "1", 1);
  return gor::main([] {
    std::mutex m;
    long counter = 0;
    gor::WaitGroup wg;
    wg.go([&] {
      std::lock_guard<std::mutex> lock(m);
      const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(60);
      while (std::chrono::steady_clock::now() < until) ++counter;
    });
    wg.go([&] {
      std::lock_guard<std::mutex> lock(m);
      ++counter;
    });
    wg.wait();
    std::printf("counter > 0: %d\n", counter > 0);
  });
}
