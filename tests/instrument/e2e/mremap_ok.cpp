// A region mremap moves onto addresses another goroutine used earlier, with
// no happens-before edge between the two, is new memory there: no race with
// the old mapping's accesses.
// EXPECT: no race
#include <gor/gor.hpp>
#include <sys/mman.h>

#include <chrono>
#include <cstring>

namespace {

constexpr size_t kSize = 64 * 1024;

char* map() {
  void* p = mmap(nullptr, kSize, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  return p == MAP_FAILED ? nullptr : static_cast<char*>(p);
}

}  // namespace

int main() {
  return gor::main([] {
    char* target = map();
    gor::WaitGroup wg;
    wg.go([target] { std::memset(target, 1, kSize); });
    wg.go([target] {
      gor::sleep(std::chrono::milliseconds(100));  // after, with no edge
      char* moved = map();
      std::memset(moved, 2, kSize);
      void* q = mremap(moved, kSize, kSize, MREMAP_MAYMOVE | MREMAP_FIXED, target);
      if (q != MAP_FAILED) std::memset(q, 3, kSize);
    });
    wg.wait();
    munmap(target, kSize);
  });
}
