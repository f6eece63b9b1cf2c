// Deterministic mode never switches out a goroutine running a function-local
// static's initializer: another goroutine reaching the static would block
// the only worker in the C++ runtime's guard (every seed hung). The
// initializer's writes happen before every use of the static.
// EXPECT: no race
#include <cstdio>
#include <vector>

#include "gor/gor.hpp"

namespace {

struct Table {
  std::vector<long> squares;
  Table() {
    for (long i = 0; i < 100; i++) squares.push_back(i * i);
  }
};

const Table& table() {
  static Table t;
  return t;
}

}  // namespace

int main() {
  for (uint64_t seed = 1; seed <= 3; ++seed) {
    gor::set_deterministic(seed);
    gor::main([] {
      long sums[4] = {};
      gor::WaitGroup wg;
      for (int k = 0; k < 4; k++) {
        wg.go([k, &sums] {
          for (long v : table().squares) sums[k] += v;
        });
      }
      wg.wait();
      std::printf("%ld %ld\n", sums[0], sums[3]);
    });
  }
}
