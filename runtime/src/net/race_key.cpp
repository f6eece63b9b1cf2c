// Connection sync addresses (see net/race_key.hpp). The race analyzer keys
// sync objects by address, so each (from, to) port pair gets one byte of a
// 4 GiB reservation of inaccessible address space (no memory is committed):
// an address no real object can have. The key ignores the IP addresses:
// connections that reuse the same port pair (another interface, or after a
// port was recycled) share a clock, which can only add edges (hide a race),
// never report a false one. The reservation is made on first use, which
// happens only with race detection on.
#include "net/race_key.hpp"

#include <sys/mman.h>

namespace gor::net::detail {
namespace {

constexpr uint64_t kKeySpace = uint64_t{1} << 32;

char* key_space() {
  static char* base = [] {
    void* p =
        mmap(nullptr, kKeySpace, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    return p == MAP_FAILED ? nullptr : static_cast<char*>(p);
  }();
  return base;
}

// Used for every pair when the reservation failed (coarser, as Go's single ioSync).
char g_shared_key;

}  // namespace

const void* race_key(uint16_t from, uint16_t to) {
  char* base = key_space();
  if (base == nullptr) return &g_shared_key;
  return base + ((uint64_t{from} << 16) | to);
}

}  // namespace gor::net::detail
