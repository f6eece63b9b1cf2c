#include "shadow.hpp"

#include <sys/mman.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace gorace::analyzer {
namespace {

constexpr size_t kBitmapBytes = 4096;  // dirty-page bitmap after each chunk: >= kChunkPages / 8

void* map_noreserve(size_t bytes) {
  void* p = mmap(nullptr, bytes, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED) {
    std::fprintf(stderr, "gorace: cannot map %zu bytes of shadow memory\n", bytes);
    std::abort();
  }
  return p;
}

}  // namespace

Shadow::Shadow()
    : l1_(static_cast<std::atomic<Granule*>*>(
          map_noreserve(kL1Entries * sizeof(std::atomic<Granule*>)))) {}

Shadow::~Shadow() {
  for (size_t i = 0; i < kL1Entries; i++) {
    Granule* chunk = l1_[i].load(std::memory_order_relaxed);
    if (chunk != nullptr) munmap(chunk, kChunkBytes + kBitmapBytes);
  }
  munmap(l1_, kL1Entries * sizeof(std::atomic<Granule*>));
}

namespace {

/// Maps `bytes` (a multiple of the page size) aligned to `align` (a power
/// of two), trimming the excess of an oversized mapping.
void* map_aligned(size_t bytes, size_t align) {
  auto* raw = static_cast<char*>(map_noreserve(bytes + align));
  auto start = reinterpret_cast<uintptr_t>(raw);
  uintptr_t aligned = (start + align - 1) & ~(align - 1);
  if (aligned > start) munmap(raw, aligned - start);
  uintptr_t end = start + bytes + align;
  if (end > aligned + bytes)
    munmap(reinterpret_cast<void*>(aligned + bytes), end - (aligned + bytes));
  return reinterpret_cast<void*>(aligned);
}

}  // namespace

Granule* Shadow::map_chunk(size_t index) {
  static_assert(kChunkPages / 8 <= kBitmapBytes);
  auto* fresh = static_cast<Granule*>(map_aligned(kChunkBytes + kBitmapBytes, kChunkBytes));
  Granule* expected = nullptr;
  if (l1_[index].compare_exchange_strong(expected, fresh, std::memory_order_acq_rel)) return fresh;
  munmap(fresh, kChunkBytes + kBitmapBytes);
  return expected;
}

void Shadow::reset(uintptr_t addr, size_t size) {
  if (size == 0) return;
  uintptr_t first = addr >> 3;
  uintptr_t last = (addr + size - 1) >> 3;  // inclusive
  if (first >= kGranules) return;
  if (last >= kGranules) last = kGranules - 1;
  constexpr uintptr_t kPerPage = kShadowPage / sizeof(Granule);
  while (first <= last) {
    size_t chunk_index = first >> kChunkBits;
    uintptr_t chunk_end = ((chunk_index + 1) << kChunkBits) - 1;
    uintptr_t end = last < chunk_end ? last : chunk_end;
    Granule* chunk = l1_[chunk_index].load(std::memory_order_acquire);
    if (chunk != nullptr) {
      const uintptr_t mask = (uintptr_t{1} << kChunkBits) - 1;
      // Page by page: skip clean pages; clear the cells of dirty ones, and
      // mark a page clean when the range covers all of it.
      for (uintptr_t i = first & mask; i <= (end & mask);) {
        uintptr_t page_first = i & ~(kPerPage - 1);
        uintptr_t page_last = page_first + kPerPage - 1;
        uintptr_t stop = page_last < (end & mask) ? page_last : (end & mask);
        Granule* g = &chunk[i];
        if (maybe_dirty(g)) {
          for (uintptr_t j = i; j <= stop; j++)
            for (Cell& c : chunk[j].cells)
              if (c.word0.load(std::memory_order_relaxed) != 0)
                c.word0.store(0, std::memory_order_relaxed);
          if (i == page_first && stop == page_last) {
            auto a = reinterpret_cast<uintptr_t>(g);
            dirty_word(a).fetch_and(~(uint64_t{1} << (page_in_chunk(a) & 63)),
                                    std::memory_order_relaxed);
          }
        }
        i = stop + 1;
      }
    }
    first = end + 1;
  }
}

}  // namespace gorace::analyzer
