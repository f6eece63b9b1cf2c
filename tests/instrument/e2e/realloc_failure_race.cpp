// A realloc that fails leaves its block as it was: still a known heap block
// (as TSan's, realloc makes the new block first, and frees the old one only
// once that succeeded).
// EXPECT: race
// LOCATION: Location is heap block of size 64
#include <gor/gor.hpp>

#include <cstdint>
#include <cstdlib>

int main() {
  return gor::main([] {
    auto* block = static_cast<char*>(std::malloc(64));
    if (std::realloc(block, SIZE_MAX / 2) != nullptr) return 1;  // fails: too big
    gor::WaitGroup wg;
    for (int i = 0; i < 2; ++i) wg.go([block] { block[8]++; });  // RACE: A
    wg.wait();
    std::free(block);
    return 0;
  });
}
