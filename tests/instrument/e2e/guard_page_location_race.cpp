// A race on memory right after a page that cannot be read (a guard page):
// finding the racing address's location looks at the memory before it for
// a padded heap block's header, and must not fault there.
// EXPECT: race
// ABSENT: Location is heap block
#include <gor/gor.hpp>

#include <sys/mman.h>
#include <unistd.h>

int main() {
  return gor::main([] {
    const long page = sysconf(_SC_PAGESIZE);
    auto* region = static_cast<char*>(
        mmap(nullptr, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
    if (region == MAP_FAILED || mprotect(region, page, PROT_NONE) != 0) return 1;
    long* value = reinterpret_cast<long*>(region + page);  // first word after the guard page
    gor::WaitGroup wg;
    for (int i = 0; i < 2; ++i) wg.go([value] { ++*value; });  // RACE: A
    wg.wait();
    munmap(region, 2 * page);
    return 0;
  });
}
