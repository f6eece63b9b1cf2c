// Loops whose accesses must not be checked as one range: each goroutine
// touches only its own elements, but a range from the loop's first to its
// last possible address would overlap the other's. Early exit, accesses
// under a condition, strided accesses, one field of an array of structs,
// and a loop that synchronises on every iteration.
// EXPECT: no race
#include <gor/gor.hpp>

#include <cstddef>
#include <vector>

struct Pair {
  long x;
  long y;
};

// Writes values[0, stop) though the loop bound is values.size().
[[gnu::noinline]] void fill_until(std::vector<long>& values, size_t stop) {
  for (size_t i = 0; i < values.size(); ++i) {
    if (i == stop) break;
    values[i] = 1;
  }
}

// Writes the elements of one parity.
[[gnu::noinline]] void fill_parity(std::vector<long>& values, size_t parity) {
  for (size_t i = 0; i < values.size(); ++i) {
    if (i % 2 == parity) values[i] = 2;
  }
}

// Writes every other element from `first`.
[[gnu::noinline]] void fill_strided(std::vector<long>& values, size_t first) {
  for (size_t i = first; i < values.size(); i += 2) values[i] = 3;
}

[[gnu::noinline]] void fill_x(std::vector<Pair>& pairs) {
  for (Pair& p : pairs) p.x = 4;
}

[[gnu::noinline]] void fill_y(std::vector<Pair>& pairs) {
  for (Pair& p : pairs) p.y = 5;
}

// Increments every element under the mutex.
[[gnu::noinline]] void add_locked(std::vector<long>& values, gor::Mutex& mu) {
  for (long& v : values) {
    mu.lock();
    v += 1;
    mu.unlock();
  }
}

int main() {
  return gor::main([] {
    std::vector<long> early(512), parity(512), strided(512), locked(512);
    std::vector<Pair> pairs(512);
    gor::Mutex mu;
    gor::WaitGroup wg;
    wg.add(1);
    gor::go([&] {
      fill_until(early, 100);
      fill_parity(parity, 0);
      fill_strided(strided, 0);
      fill_x(pairs);
      add_locked(locked, mu);
      wg.done();
    });
    early[300] = 9;
    fill_parity(parity, 1);
    fill_strided(strided, 1);
    fill_y(pairs);
    add_locked(locked, mu);
    wg.wait();
  });
}
