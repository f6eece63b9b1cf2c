// gor::blocking runs f on a helper thread as the calling goroutine. Two
// goroutines' calls, one after the other, reuse the same idle helper and so
// the same stack: their locals are not shared, and do not race (the helper's
// stack is forgotten after each call, as a recycled goroutine stack is).
// Nothing orders the goroutines: a relaxed flag tells main the call ended.
// EXPECT: no race
#include <gor/gor.hpp>

#include <atomic>

using namespace std::chrono_literals;

[[gnu::noinline]] void fill(volatile int* values, int n) {
  for (int i = 0; i < n; ++i) values[i] = i;
}

int main() {
  return gor::main([] {
    std::atomic<int> ended{0};
    for (int i = 1; i <= 3; ++i) {
      gor::go([&ended] {
        gor::blocking([] {
          volatile int local[64];
          fill(local, 64);
        });
        ended.fetch_add(1, std::memory_order_relaxed);
      });
      while (ended.load(std::memory_order_relaxed) < i) gor::sleep(1ms);
      gor::sleep(20ms);  // the helper goes idle: the next call reuses it
    }
  });
}
