// A realloc that fails touches nothing: a reader the block was handed to
// before it does not race it (no free was recorded over the block).
// EXPECT: no race
#include <gor/gor.hpp>

#include <chrono>
#include <cstdint>
#include <cstdlib>

int main() {
  return gor::main([] {
    auto* block = static_cast<char*>(std::malloc(64));
    block[8] = 1;
    gor::WaitGroup wg;
    wg.go([block] {
      gor::sleep(std::chrono::milliseconds(100));  // reads after the failed realloc
      if (block[8] != 1) std::abort();
    });
    if (std::realloc(block, SIZE_MAX / 2) != nullptr) return 1;  // fails: too big
    wg.wait();
    std::free(block);
    return 0;
  });
}
