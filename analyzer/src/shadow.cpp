#include "shadow.hpp"

#include <sys/mman.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace gorace::analyzer {
namespace {

void* map_noreserve(size_t bytes) {
  void* p = mmap(nullptr, bytes, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED) {
    std::fprintf(stderr, "gorace: cannot map %zu bytes of shadow memory\n", bytes);
    std::abort();
  }
  return p;
}

constexpr size_t kPage = 4096;

}  // namespace

Shadow::Shadow()
    : l1_(static_cast<std::atomic<Granule*>*>(
          map_noreserve(kL1Entries * sizeof(std::atomic<Granule*>)))),
      locks_(static_cast<std::atomic<uint32_t>*>(
          map_noreserve(kLocks * sizeof(std::atomic<uint32_t>)))) {}

Shadow::~Shadow() {
  for (size_t i = 0; i < kL1Entries; i++) {
    Granule* chunk = l1_[i].load(std::memory_order_relaxed);
    if (chunk != nullptr) munmap(chunk, sizeof(Granule) << kChunkBits);
  }
  munmap(l1_, kL1Entries * sizeof(std::atomic<Granule*>));
  munmap(locks_, kLocks * sizeof(std::atomic<uint32_t>));
}

Granule* Shadow::map_chunk(size_t index) {
  auto* fresh = static_cast<Granule*>(map_noreserve(sizeof(Granule) << kChunkBits));
  Granule* expected = nullptr;
  if (l1_[index].compare_exchange_strong(expected, fresh, std::memory_order_acq_rel)) return fresh;
  munmap(fresh, sizeof(Granule) << kChunkBits);
  return expected;
}

void Shadow::reset(uintptr_t addr, size_t size) {
  if (size == 0) return;
  uintptr_t first = addr >> 3;
  uintptr_t last = (addr + size - 1) >> 3;  // inclusive
  if (first >= kGranules) return;
  if (last >= kGranules) last = kGranules - 1;
  while (first <= last) {
    size_t chunk_index = first >> kChunkBits;
    uintptr_t chunk_end = ((chunk_index + 1) << kChunkBits) - 1;
    uintptr_t end = last < chunk_end ? last : chunk_end;
    Granule* chunk = l1_[chunk_index].load(std::memory_order_acquire);
    if (chunk != nullptr) {
      uintptr_t mask = (uintptr_t{1} << kChunkBits) - 1;
      auto* lo = reinterpret_cast<char*>(&chunk[first & mask]);
      auto* hi = reinterpret_cast<char*>(&chunk[end & mask]) + sizeof(Granule);
      // Whole pages go back to the kernel (they read as zero = empty cells);
      // the partial pages at either end are cleared cell by cell.
      auto* page_lo =
          reinterpret_cast<char*>((reinterpret_cast<uintptr_t>(lo) + kPage - 1) & ~(kPage - 1));
      auto* page_hi = reinterpret_cast<char*>(reinterpret_cast<uintptr_t>(hi) & ~(kPage - 1));
      auto clear = [](char* from, char* to) {
        for (auto* g = reinterpret_cast<Granule*>(from); g < reinterpret_cast<Granule*>(to); g++)
          for (Cell& c : g->cells) c.word0.store(0, std::memory_order_relaxed);
      };
      if (page_hi - page_lo >= static_cast<ptrdiff_t>(16 * kPage)) {
        clear(lo, page_lo);
        madvise(page_lo, static_cast<size_t>(page_hi - page_lo), MADV_DONTNEED);
        clear(page_hi, hi);
      } else {
        clear(lo, hi);
      }
    }
    first = end + 1;
  }
}

}  // namespace gorace::analyzer
