// Memory the C library unmapped on its own (free of a block it mapped for
// itself) and memory unmapped with a length that is not a whole number of
// pages: a later mapping at the same addresses, by a goroutine with no
// happens-before edge to the first, is new memory (no race), as in TSan.
// EXPECT: no race
#include <gor/gor.hpp>
#include <sys/mman.h>

#include <chrono>
#include <cstdlib>
#include <cstring>

namespace {

constexpr size_t kBig = 1 << 20;  // above malloc's mmap threshold

char* map(size_t n) {
  void* p = mmap(nullptr, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  return p == MAP_FAILED ? nullptr : static_cast<char*>(p);
}

}  // namespace

int main() {
  return gor::main([] {
    gor::WaitGroup wg;
    wg.go([] {
      auto* block = static_cast<char*>(std::malloc(kBig));
      std::memset(block, 1, kBig);
      std::free(block);  // glibc munmaps it
      char* p = map(3 * 4096);
      std::memset(p, 1, 3 * 4096);
      munmap(p, 10000);  // unmaps all three pages
    });
    wg.go([] {
      gor::sleep(std::chrono::milliseconds(100));  // after, with no edge
      for (size_t n : {kBig + 4096, size_t{3 * 4096}}) {
        char* q = map(n);
        std::memset(q, 2, n);
        munmap(q, n);
      }
    });
    wg.wait();
  });
}
