// Goroutines share their worker thread's errno, one after another: std::stol
// saves and restores it, and the C idiom `errno = 0; strtol(...); if (errno)`
// writes and reads it. No race (every run was reported).
// EXPECT: no race
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "gor/gor.hpp"

int main() {
  return gor::main([] {
    long sums[4] = {};
    gor::WaitGroup wg;
    for (int g = 0; g < 4; g++) {
      wg.go([g, &sums] {
        for (int i = 0; i < 100; i++) {
          const std::string s = std::to_string(g * 1000 + i);
          sums[g] += std::stol(s);
          errno = 0;
          const long v = std::strtol(s.c_str(), nullptr, 10);
          if (errno == 0) sums[g] += v;
          gor::yield();
        }
      });
    }
    wg.wait();
    std::printf("%ld\n", sums[0] + sums[1] + sums[2] + sums[3]);
  });
}
