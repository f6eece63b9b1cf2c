// Deterministic mode (one worker, a switch possible at every instrumented
// access) never switches out a goroutine inside a std::mutex critical
// section: the next goroutine would block the only worker on the mutex
// (every seed hung).
// EXPECT: no race
#include <cstdio>
#include <mutex>

#include "gor/gor.hpp"

int main() {
  for (uint64_t seed = 1; seed <= 3; ++seed) {
    gor::set_deterministic(seed);
    gor::main([] {
      std::mutex m;
      int x = 0;
      gor::WaitGroup wg;
      for (int i = 0; i < 4; i++) {
        wg.go([&] {
          for (int j = 0; j < 100; j++) {
            std::lock_guard<std::mutex> lock(m);
            x++;
          }
        });
      }
      wg.wait();
      std::printf("x = %d\n", x);
    });
  }
}
