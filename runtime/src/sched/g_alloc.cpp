// The slab of goroutine descriptors (see G::operator new). Each chunk is a
// kChunk-aligned mapping of two dense regions: kPerChunk descriptors, then
// their closure buffers in the same order, so a descriptor finds its buffer
// from its own address. Descriptors are recycled through one free list and
// never unmapped (the schedulers keep their own free lists in front of it,
// so it is reached only when those grow or spill).
#include <sys/mman.h>

#include <cstdint>
#include <new>
#include <vector>

#include "gor/detail/spinlock.hpp"
#include "sched/g.hpp"
#include "sched/sched_impl.hpp"

namespace gor::detail {
namespace {

constexpr size_t kChunk = size_t{1} << 20;
constexpr size_t kSize = (sizeof(G) + 15) / 16 * 16;  // descriptor stride
constexpr size_t kPerChunk = kChunk / (kSize + G::kTaskBuf);
static_assert(G::kTaskBuf % 16 == 0);

struct FreeG {
  FreeG* next;
};

struct Slab {
  SpinLock lock;
  std::vector<char*> chunks GOR_GUARDED_BY(lock);  // every chunk mapped, in order
  FreeG* free GOR_GUARDED_BY(lock) = nullptr;
  char* next GOR_GUARDED_BY(lock) = nullptr;  // next descriptor to carve
  size_t left GOR_GUARDED_BY(lock) = 0;       // descriptors left in the chunk
};

Slab& slab() {
  static Slab* s = new Slab();  // never destroyed: descriptors may outlive main
  return *s;
}

/// A fresh kChunk-aligned chunk.
char* map_chunk() {
  auto* raw = static_cast<char*>(
      mmap(nullptr, 2 * kChunk, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
  if (raw == MAP_FAILED) fatal("out of memory allocating goroutine descriptors");
  auto start = reinterpret_cast<uintptr_t>(raw);
  uintptr_t aligned = (start + kChunk - 1) & ~(kChunk - 1);
  if (aligned > start) munmap(raw, aligned - start);
  if (aligned + kChunk < start + 2 * kChunk)
    munmap(reinterpret_cast<void*>(aligned + kChunk), start + 2 * kChunk - (aligned + kChunk));
  return reinterpret_cast<char*>(aligned);
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
    s.next = map_chunk();
    s.left = kPerChunk;
    s.chunks.push_back(s.next);
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

void for_each_g(void (*visit)(G* g, void* context), void* context) {
  Slab& s = slab();
  SpinGuard guard(s.lock);
  for (size_t c = 0; c < s.chunks.size(); c++) {
    const size_t made = c + 1 < s.chunks.size() ? kPerChunk : kPerChunk - s.left;
    for (size_t i = 0; i < made; i++) visit(reinterpret_cast<G*>(s.chunks[c] + i * kSize), context);
  }
}

unsigned char* G::task_buf_of(const G* g) noexcept {
  auto a = reinterpret_cast<uintptr_t>(g);
  uintptr_t chunk = a & ~(kChunk - 1);
  size_t index = (a - chunk) / kSize;
  return reinterpret_cast<unsigned char*>(chunk + kPerChunk * kSize + index * G::kTaskBuf);
}

}  // namespace gor::detail
