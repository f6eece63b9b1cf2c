// mmap, munmap and mremap, replaced as ThreadSanitizer replaces the first
// two: memory given back to the system takes its shadow with it (a program
// that maps and unmaps large buffers kept all their shadow resident: 1 GB
// more per 256 MB round), and a new mapping starts with no history (the C
// library's own munmaps, as free's of large blocks, are not seen: the next
// mapping there must not inherit their accesses). A region mremap moves is
// new memory at its new place (its history does not move with it).
#include <sys/mman.h>
#include <unistd.h>

#include <cstdarg>
#include <cstdint>

#include "real_function.hpp"
#include "state.hpp"

using gor::detail::race::real_function_as;

namespace {

/// `length` rounded up to whole pages, as the kernel maps and unmaps.
size_t whole_pages(size_t length) {
  static const auto page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  return (length + page - 1) & ~(page - 1);
}

/// Gives the shadow of [addr, addr+length) back: unmapped, or mapped anew.
void release_shadow(void* addr, size_t length) {
  if (!gor::detail::race::tracking()) return;
  gor::detail::race::ReentryGuard guard;
  if (gorace::analyzer::Engine* e = gor::detail::race::g_engine.load(std::memory_order_acquire))
    e->range_release(reinterpret_cast<uintptr_t>(addr), whole_pages(length));
}

}  // namespace

extern "C" {

int munmap(void* addr, size_t length) noexcept {
  static const auto real = real_function_as<int (*)(void*, size_t)>("munmap");
  // Before the call, as TSan: once it returns, the C library may map the
  // range again for another thread (a large block), with no call seen here.
  release_shadow(addr, length);
  return real(addr, length);
}

void* mmap(void* addr, size_t length, int prot, int flags, int fd, off_t offset) noexcept {
  static const auto real = real_function_as<void* (*)(void*, size_t, int, int, int, off_t)>("mmap");
  void* p = real(addr, length, prot, flags, fd, offset);
  if (p != MAP_FAILED) release_shadow(p, length);
  return p;
}

void* mremap(void* old_address, size_t old_size, size_t new_size, int flags, ...) noexcept {
  void* new_address = nullptr;
  if ((flags & MREMAP_FIXED) != 0) {
    va_list args;
    va_start(args, flags);
    new_address = va_arg(args, void*);
    va_end(args);
  }
  static const auto real = real_function_as<void* (*)(void*, size_t, size_t, int, ...)>("mremap");
  // A range that may move, or shrink, is released before the call (as at
  // munmap); its kept part loses its history if it stays.
  const auto old = reinterpret_cast<uintptr_t>(old_address);
  const size_t old_length = whole_pages(old_size), new_length = whole_pages(new_size);
  if ((flags & (MREMAP_MAYMOVE | MREMAP_FIXED)) != 0 && old_size != 0) {
    release_shadow(old_address, old_size);
  } else if (new_length < old_length) {
    release_shadow(reinterpret_cast<void*>(old + new_length), old_length - new_length);
  }
  void* p = real(old_address, old_size, new_size, flags, new_address);
  if (p == MAP_FAILED) return p;
  if (p != old_address) {
    release_shadow(p, new_size);  // new memory to the detector here
  } else if (new_length > old_length) {
    release_shadow(reinterpret_cast<void*>(old + old_length), new_length - old_length);
  }
  return p;
}

void* mmap64(void* addr, size_t length, int prot, int flags, int fd, off64_t offset) noexcept {
  static const auto real =
      real_function_as<void* (*)(void*, size_t, int, int, int, off64_t)>("mmap64");
  void* p = real(addr, length, prot, flags, fd, offset);
  if (p != MAP_FAILED) release_shadow(p, length);
  return p;
}

}  // extern "C"

namespace gor::detail::race {

void link_mmap_interception() {}

}  // namespace gor::detail::race
