// Atomics used correctly: a counter of atomic increments, and plain data
// published with a release store and read after an acquire load.
// EXPECT: no race
#include <gor/gor.hpp>

#include <atomic>

std::atomic<int> hits;
std::atomic<bool> published;
int payload;

int main() {
  return gor::main([] {
    gor::WaitGroup wg;
    wg.add(3);
    for (int i = 0; i < 2; ++i) {
      gor::go([&] {
        for (int k = 0; k < 100; ++k) hits.fetch_add(1, std::memory_order_relaxed);
        wg.done();
      });
    }
    gor::go([&] {
      payload = 7;
      published.store(true, std::memory_order_release);
      wg.done();
    });
    while (!published.load(std::memory_order_acquire)) gor::yield();
    const int seen = payload;
    wg.wait();
    return hits.load() == 200 && seen == 7 ? 0 : 1;
  });
}
