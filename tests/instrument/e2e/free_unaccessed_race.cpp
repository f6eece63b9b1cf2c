// A use after an unordered free of a block that no instrumented code touched
// before the free: calloc zeroed it inside the C library, which is the
// allocating goroutine's write (as under TSan), so the free marks the block
// and the late read races it.
// EXPECT: race
#include <gor/gor.hpp>

#include <atomic>
#include <cstdlib>
#include <memory>

int main() {
  return gor::main([] {
    auto* block = static_cast<long*>(std::calloc(6, sizeof(long)));
    auto freed = std::make_shared<std::atomic<bool>>(false);  // relaxed: no order
    auto seen = gor::make_chan<long>();
    gor::go([block, freed, seen] {
      while (!freed->load(std::memory_order_relaxed)) gor::yield();
      seen.send(block[5]);  // RACE: A
    });
    std::free(block);  // RACE: B
    freed->store(true, std::memory_order_relaxed);
    seen.recv();
    return 0;
  });
}
