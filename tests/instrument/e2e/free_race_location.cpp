// A write racing a free, reported at the free: the report names the block
// being freed and where it was allocated, as for any other heap race.
// EXPECT: race
// LOCATION: Location is heap block of size 48
// LOCATION: free_race_location.cpp:13
#include <gor/gor.hpp>

#include <atomic>
#include <cstdlib>

int main() {
  return gor::main([] {
    auto* block = static_cast<long*>(std::malloc(48));
    auto written = std::make_shared<std::atomic<bool>>(false);
    auto done = gor::make_chan<int>();
    gor::go([block, written, done] {
      block[3] = 7;  // RACE: A
      written->store(true, std::memory_order_relaxed);
      done.send(1);
    });
    while (!written->load(std::memory_order_relaxed)) gor::yield();
    std::free(block);  // RACE: B
    done.recv();
    return 0;
  });
}
