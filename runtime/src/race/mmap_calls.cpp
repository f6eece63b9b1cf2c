// munmap, replaced as ThreadSanitizer replaces it: memory given back to the
// system takes its shadow with it (a program that maps and unmaps large
// buffers kept all their shadow resident: 1 GB more per 256 MB round), and
// its history is forgotten (the next mapping there is new memory).
#include <sys/mman.h>

#include "real_function.hpp"
#include "state.hpp"

using gor::detail::race::real_function_as;

extern "C" int munmap(void* addr, size_t length) noexcept {
  static const auto real = real_function_as<int (*)(void*, size_t)>("munmap");
  const int rc = real(addr, length);
  if (rc == 0 && gor::detail::race::tracking()) {
    gor::detail::race::ReentryGuard guard;
    if (gorace::analyzer::Engine* e = gor::detail::race::g_engine.load(std::memory_order_acquire))
      e->range_release(reinterpret_cast<uintptr_t>(addr), length);
  }
  return rc;
}

namespace gor::detail::race {

void link_mmap_interception() {}

}  // namespace gor::detail::race
