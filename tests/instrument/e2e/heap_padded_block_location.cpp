// Races deep inside heap blocks that the runtime pads to an alignment under
// detection (1 KiB for blocks of 4-64 KiB, 128 bytes for 1-4 KiB), whose
// registry entries live in the padding: each report still finds its block,
// with its size and where it was allocated.
// EXPECT: race
// REPORTS: 2
// LOCATION: Location is heap block of size 6000
// LOCATION: Location is heap block of size 2000
// LOCATION: heap_padded_block_location.cpp:18
// LOCATION: heap_padded_block_location.cpp:19
#include <gor/gor.hpp>

#include <cstdlib>

int main() {
  return gor::main([] {
    std::free(std::malloc(6000));  // a freed block's header is no longer an entry
    auto* big = static_cast<char*>(std::malloc(6000));
    auto* small = new char[2000];
    gor::WaitGroup wg;
    for (int i = 0; i < 2; ++i) wg.go([big] { big[5000]++; });  // RACE: A
    wg.wait();
    for (int i = 0; i < 2; ++i) wg.go([small] { small[1500]++; });  // RACE: B
    wg.wait();
    delete[] small;
    std::free(big);
    return 0;
  });
}
