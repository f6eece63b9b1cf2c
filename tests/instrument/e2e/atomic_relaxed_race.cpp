// Relaxed atomics give no happens-before edge: data "published" with a
// relaxed store and seen through a relaxed load races.
// EXPECT: race
#include <gor/gor.hpp>

#include <atomic>

int payload;
int observed;
std::atomic<int> ready;

int main() {
  return gor::main([] {
    gor::WaitGroup wg;
    wg.add(1);
    gor::go([&] {
      payload = 42;  // RACE: A
      ready.store(1, std::memory_order_relaxed);
      wg.done();
    });
    while (ready.load(std::memory_order_relaxed) == 0) gor::yield();
    observed = payload;  // RACE: B
    wg.wait();
  });
}
