// Races between plain threads (no gor::main) on the main thread's stack and
// on a heap block a thread allocated: the reports say whose, as TSan's do
// ("Location is stack of main thread", "allocated by thread T1"), and name
// the earlier access by the element that races, not the bytes its loop
// shared a granule with.
// EXPECT: race
// REPORTS: 2
// LOCATION: Location is stack of main thread.
// LOCATION: allocated by thread T2:
// LOCATION: by thread T2 (size 4):
// ABSENT: allocated by thread:
#include <atomic>
#include <cstdlib>
#include <thread>

std::atomic<int*> published{nullptr};

// Out of line: the compiler would otherwise see the block's zeros and skip
// the loads.
[[gnu::noinline]] long sum_of(const int* values, int n) {
  long sum = 0;
  for (int i = 0; i < n; ++i) sum += values[i];  // RACE: A
  return sum;
}

int main() {
  int counter = 0;
  std::thread writer([&] {
    counter = 1;  // RACE: A
  });
  counter = 2;  // RACE: B
  writer.join();

  std::thread allocator([] {
    int* block = new int[16]();
    const long sum = sum_of(block, 16);
    published.store(block, std::memory_order_relaxed);
    if (sum != 0) std::abort();
  });
  int* block = nullptr;
  while ((block = published.load(std::memory_order_relaxed)) == nullptr) std::this_thread::yield();
  block[5] = 1;  // RACE: B
  allocator.join();
  delete[] block;
}
