// The slab of goroutine descriptors (see G::operator new): carved from
// 1 MiB mappings, recycled through one free list, never unmapped (the
// schedulers keep their own free lists in front of it, so it is reached only
// when those grow or spill).
#include <sys/mman.h>

#include <new>

#include "gor/detail/spinlock.hpp"
#include "sched/g.hpp"
#include "sched/sched_impl.hpp"

namespace gor::detail {
namespace {

constexpr size_t kChunk = 1 << 20;
constexpr size_t kSize = (sizeof(G) + alignof(G) - 1) / alignof(G) * alignof(G);

struct FreeG {
  FreeG* next;
};

struct Slab {
  SpinLock lock;
  FreeG* free GOR_GUARDED_BY(lock) = nullptr;
  char* next GOR_GUARDED_BY(lock) = nullptr;  // next descriptor to carve
  size_t left GOR_GUARDED_BY(lock) = 0;       // descriptors left in the chunk
};

Slab& slab() {
  static Slab* s = new Slab();  // never destroyed: descriptors may outlive main
  return *s;
}

}  // namespace

void* G::operator new([[maybe_unused]] size_t size) {
  static_assert(alignof(G) <= 16 && kSize >= sizeof(FreeG));
  Slab& s = slab();
  SpinGuard guard(s.lock);
  if (s.free != nullptr) {
    FreeG* f = s.free;
    s.free = f->next;
    return f;
  }
  if (s.left == 0) {
    void* m = mmap(nullptr, kChunk, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED) fatal("out of memory allocating goroutine descriptors");
    s.next = static_cast<char*>(m);
    s.left = kChunk / kSize;
  }
  void* g = s.next;
  s.next += kSize;
  --s.left;
  return g;
}

void G::operator delete(void* p) noexcept {
  if (p == nullptr) return;
  Slab& s = slab();
  SpinGuard guard(s.lock);
  s.free = new (p) FreeG{s.free};
}

}  // namespace gor::detail
