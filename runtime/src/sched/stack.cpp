// Goroutine stacks: fixed 240 KiB stacks in 496 KiB virtual reservations
// carved from large mappings (few VMAs, committed lazily by the kernel), each
// with a 256 KiB guard region below it, recycled through a per-worker cache
// and a global pool. The guard is larger than the stack: code built without
// -fstack-clash-protection does not probe its frames, and a frame larger
// than the guard would write over the stack below it unnoticed (a 64 KiB
// I/O buffer is common; the guard costs address space only).
//
// Guards: madvise(MADV_GUARD_INSTALL) (Linux 6.13+; creates no VMA), else
// mprotect(PROT_NONE) while under a budget (each splits a VMA and
// vm.max_map_count is 65530 by default), else a canary word checked on
// every switch away from the goroutine.
#include <errno.h>
#include <sys/mman.h>
#include <unistd.h>

#include <atomic>
#include <vector>

#include "gor/detail/race_hooks.hpp"
#include "sched/sched_impl.hpp"
#include "sched/stack_owner.hpp"

#ifndef MADV_GUARD_INSTALL
#define MADV_GUARD_INSTALL 102
#endif

namespace gor::detail {
namespace {

constexpr size_t kGuard = 256 * 1024;           // guard region at the bottom of a slot
constexpr size_t kSlot = kGuard + 240 * 1024;   // reservation per stack, guard included
constexpr size_t kSlotsPerChunk = 256;          // 124 MiB per mapping
constexpr size_t kCacheMax = 64;        // per-worker free stacks
constexpr size_t kHotMax = 1024;        // pooled stacks kept committed
constexpr int kProtectBudget = 20000;   // mprotect guards allowed

// One mapping of kSlotsPerChunk stack slots and, for race reports, the id
// of the goroutine each slot's stack was last given to.
struct StackChunk {
  char* base;
  std::atomic<uint64_t> owner[kSlotsPerChunk];
};

struct Pool {
  SpinLock lock;
  std::vector<StackChunk*> chunks GOR_GUARDED_BY(lock);  // every mapping, never unmapped
  std::vector<Stack> hot GOR_GUARDED_BY(lock);           // memory possibly still committed
  std::vector<Stack> cold GOR_GUARDED_BY(lock);          // memory released (MADV_DONTNEED)
  char* chunk GOR_GUARDED_BY(lock) = nullptr;            // next slot to carve
  size_t chunk_left GOR_GUARDED_BY(lock) = 0;
  int protects GOR_GUARDED_BY(lock) = 0;
  bool guard_install_works GOR_GUARDED_BY(lock) = true;
};

Pool& pool() {
  static Pool* p = new Pool();  // never destroyed: abandoned goroutines may outlive main
  return *p;
}

StackGuard install_guard(Pool& p, char* slot) GOR_REQUIRES(p.lock) {
  if (p.guard_install_works) {
    if (madvise(slot, kGuard, MADV_GUARD_INSTALL) == 0) return StackGuard::kGuardRegion;
    p.guard_install_works = false;  // EINVAL: kernel older than 6.13
  }
  if (p.protects < kProtectBudget && mprotect(slot, kGuard, PROT_NONE) == 0) {
    ++p.protects;
    return StackGuard::kProtected;
  }
  return StackGuard::kCanary;
}

Stack carve(Pool& p) GOR_REQUIRES(p.lock) {
  if (p.chunk_left == 0) {
    void* m = mmap(nullptr, kSlot * kSlotsPerChunk, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (m == MAP_FAILED) fatal("out of memory allocating goroutine stacks");
    p.chunk = static_cast<char*>(m);
    auto* record = new StackChunk{p.chunk, {}};
    p.chunks.push_back(record);
    p.chunk_left = kSlotsPerChunk;
  }
  char* slot = p.chunk;
  p.chunk += kSlot;
  --p.chunk_left;
  Stack st;
  st.guard = install_guard(p, slot);
  st.lo = slot + kGuard;
  st.size = kSlot - kGuard;
  st.owner = &p.chunks.back()->owner[kSlotsPerChunk - 1 - p.chunk_left];
  return st;
}

}  // namespace

size_t stack_guard_size() {
  return kGuard;
}

Stack stack_get(Worker* w) {
  Stack st;
  if (!w->stack_cache.empty()) {
    st = w->stack_cache.back();
    w->stack_cache.pop_back();
  } else {
    Pool& p = pool();
    SpinGuard guard(p.lock);
    if (!p.hot.empty()) {
      st = p.hot.back();
      p.hot.pop_back();
    } else if (!p.cold.empty()) {
      st = p.cold.back();
      p.cold.pop_back();
    } else {
      st = carve(p);
    }
  }
  race::range_reset(st.lo, st.size);
  if (st.guard == StackGuard::kCanary) *reinterpret_cast<uint64_t*>(st.lo) = kStackCanary;
  return st;
}

void stack_put(Worker* w, Stack st) {
  if (st.lo == nullptr) return;
  if (w->stack_cache.size() < kCacheMax) {
    w->stack_cache.push_back(st);
    return;
  }
  // Move half the cache to the pool in one lock round.
  Pool& p = pool();
  SpinGuard guard(p.lock);
  p.hot.push_back(st);
  size_t keep = kCacheMax / 2;
  while (w->stack_cache.size() > keep) {
    p.hot.push_back(w->stack_cache.back());
    w->stack_cache.pop_back();
  }
}

void stack_flush(Worker* w) {
  Pool& p = pool();
  SpinGuard guard(p.lock);
  for (const Stack& st : w->stack_cache) p.hot.push_back(st);
  w->stack_cache.clear();
}

namespace {

// The chunk holding `addr` and its slot index, or null.
StackChunk* chunk_of(Pool& p, uintptr_t addr, size_t& slot) GOR_REQUIRES(p.lock) {
  for (StackChunk* c : p.chunks) {
    auto base = reinterpret_cast<uintptr_t>(c->base);
    if (addr >= base && addr < base + kSlot * kSlotsPerChunk) {
      slot = (addr - base) / kSlot;
      return c;
    }
  }
  return nullptr;
}

}  // namespace

void stack_note_owner(const Stack& st, uint64_t goid) noexcept {
  if (race::enabled() && st.owner != nullptr) st.owner->store(goid, std::memory_order_relaxed);
}

uint64_t stack_owner(uintptr_t addr) noexcept {
  Pool& p = pool();
  SpinGuard guard(p.lock);
  size_t slot = 0;
  StackChunk* c = chunk_of(p, addr, slot);
  if (c == nullptr || addr < reinterpret_cast<uintptr_t>(c->base) + slot * kSlot + kGuard) return 0;
  return c->owner[slot].load(std::memory_order_relaxed);
}

void stack_trim() {
  Pool& p = pool();
  for (int batch = 0; batch < 256; ++batch) {
    Stack st;
    {
      SpinGuard guard(p.lock);
      if (p.hot.size() <= kHotMax) return;
      st = p.hot.back();
      p.hot.pop_back();
    }
    // Keep the top page (always touched again) and release the rest.
    static const size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
    madvise(st.lo, st.size - page, MADV_DONTNEED);
    SpinGuard guard(p.lock);
    p.cold.push_back(st);
  }
}

}  // namespace gor::detail
