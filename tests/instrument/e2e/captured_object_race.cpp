// A class object captured by value may have `mutable` members, which even a
// non-mutable lambda changes: a read of one races a write by another call.
// EXPECT: race
#include <gor/gor.hpp>

#include <cstdio>

struct Stats {
  mutable long hits = 0;
};

int main() {
  return gor::main([] {
    Stats stats;
    auto record = [stats](bool hit) {
      if (hit) ++stats.hits;  // RACE: A
      return stats.hits;      // RACE: B
    };
    gor::WaitGroup wg;
    wg.add(2);
    gor::go([&] {
      record(true);
      wg.done();
    });
    gor::go([&] {
      if (record(false) > 1) std::puts("counted twice");  // uses the read
      wg.done();
    });
    wg.wait();
  });
}
