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

}  // namespace

Shadow::Shadow()
    : l1_(static_cast<std::atomic<Granule*>*>(
          map_noreserve(kL1Entries * sizeof(std::atomic<Granule*>)))) {}

Shadow::~Shadow() {
  for (size_t i = 0; i < kL1Entries; i++) {
    Granule* chunk = l1_[i].load(std::memory_order_relaxed);
    if (chunk != nullptr) munmap(chunk, kMapBytes);
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
  auto* fresh = static_cast<Granule*>(map_aligned(kMapBytes, kChunkBytes));
  Granule* expected = nullptr;
  if (l1_[index].compare_exchange_strong(expected, fresh, std::memory_order_acq_rel)) return fresh;
  munmap(fresh, kMapBytes);
  return expected;
}

namespace {

/// Empties the cells of `g` and unspills it (its far cells are left as
/// they are: they count again only once rewritten). Its lock bit survives:
/// a reset racing an access (memory freed while in use) must not unlock
/// the accessor's lock.
void clear(Granule& g) {
  std::atomic<uint64_t>& first = g.cells[0].word;
  uint64_t w = first.load(std::memory_order_relaxed);
  while (!Cell::empty(w) &&
         !first.compare_exchange_weak(w, w & Cell::kLockBit, std::memory_order_relaxed)) {
  }
  if (g.cells[1].word.load(std::memory_order_relaxed) != 0)
    g.cells[1].word.store(0, std::memory_order_relaxed);
}

/// Empties a unit's record, whose lock (`lock`) the caller holds.
void empty_record(GranuleLock& lock, UnitRecord& record) {
  for (int i = 1; i < Granule::kCells; i++)
    record.cells[i].word.store(0, std::memory_order_relaxed);
  lock.store(record.cells[0], 0);
}

}  // namespace

void Shadow::unrun(const Granule* g) {
  uint64_t* word = state_word(g);
  if (__atomic_load_n(word, __ATOMIC_ACQUIRE) != kAllRun) return;
  // Copy the run's cells into the other units' records (unused while they
  // are a run), then publish: a reader that sees kUniform sees the copies.
  UnitRecord* records = &run_cells(g);
  uint64_t cells[Granule::kCells];
  CellRef(records[0]).load(cells);
  for (size_t k = 1; k < kRunUnits; k++)
    for (int i = 0; i < Granule::kCells; i++)
      records[k].cells[i].word.store(cells[i], std::memory_order_relaxed);
  constexpr uint64_t kAllUniform =
      0x0101010101010101ull * static_cast<uint8_t>(UnitState::kUniform);
  __atomic_store_n(word, kAllUniform, __ATOMIC_RELEASE);
}

bool Shadow::split(Granule* g) {
  std::atomic<UnitState>& state = unit_state(g);
  UnitState s = state.load(std::memory_order_acquire);
  while (s == UnitState::kClean) {
    mark_dirty(g);
    if (state.compare_exchange_weak(s, UnitState::kFine, std::memory_order_acq_rel)) return true;
  }
  if (s != UnitState::kUniform && s != UnitState::kRun) return false;
  UnitRecord& shared = unit_cells(g);
  GranuleLock lock(unit_lock(g));
  unrun(g);  // a unit of a run is split as a uniform one
  if (state.load(std::memory_order_relaxed) != UnitState::kUniform)
    return false;  // split meanwhile
  // Copy the shared cells into every granule (their own are empty, and
  // nobody writes them or takes their locks until the unit is fine), then
  // publish: a reader that sees kFine sees the copies.
  uint64_t cells[Granule::kCells];
  CellRef(shared).load(cells);
  Granule* first = unit_first(g);
  GranuleLock none;
  for (unsigned k = 0; k < kUnitGranules; k++) {
    // Rewritten from what they hold, so that words a reset racing an
    // access left behind are overwritten too.
    const CellRef copy(first[k]);
    uint64_t left[Granule::kCells];
    copy.load(left);
    copy.rewrite(none, left, cells);
  }
  state.store(UnitState::kFine, std::memory_order_release);
  empty_record(lock, shared);
  return false;
}

bool Shadow::clear_run(Granule* first, GranuleLock& held) {
  uint64_t* word = state_word(first);
  if (__atomic_load_n(word, __ATOMIC_ACQUIRE) != kAllRun) return false;
  held.move_to(unit_lock(first));  // pins the run, as clear_unit() a uniform unit
  if (__atomic_load_n(word, __ATOMIC_RELAXED) != kAllRun) return false;
  empty_record(held, unit_cells(first));
  __atomic_store_n(word, uint64_t{0}, __ATOMIC_RELEASE);
  return true;
}

void Shadow::clear_unit(Granule* first, GranuleLock& held) {
  std::atomic<UnitState>& state = unit_state(first);
  switch (state.load(std::memory_order_acquire)) {
    case UnitState::kClean:
      return;
    case UnitState::kRun:
    case UnitState::kUniform: {
      // Under the lock that pins a uniform unit: no whole-unit access
      // writes its cells meanwhile. A unit of a run left whole by the
      // reset is cleared as a uniform one.
      held.move_to(unit_lock(first));
      unrun(first);
      if (state.load(std::memory_order_relaxed) == UnitState::kUniform) {
        empty_record(held, unit_cells(first));
        state.store(UnitState::kClean, std::memory_order_release);
        return;
      }
      break;  // split meanwhile: clear it as a fine unit
    }
    case UnitState::kFine:
      break;
  }
  for (unsigned k = 0; k < kUnitGranules; k++) clear(first[k]);
  state.store(UnitState::kClean, std::memory_order_release);
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
      // Page by page, scanning the dirty bitmap a word (64 pages) at a time:
      // skip clean pages; in dirty ones, empty the units the range covers
      // whole and the granules it covers of the others. A page the range
      // covers whole becomes clean.
      const uintptr_t lo = first & mask, hi = end & mask;
      const auto* bitmap = reinterpret_cast<const std::atomic<uint64_t>*>(
          reinterpret_cast<uintptr_t>(chunk) + kChunkBytes);
      for (size_t page = lo / kPerPage; page <= hi / kPerPage;) {
        uint64_t word = bitmap[page / 64].load(std::memory_order_relaxed) >> (page % 64);
        if (word == 0) {
          page = (page / 64 + 1) * 64;
          continue;
        }
        page += static_cast<size_t>(__builtin_ctzll(word));
        if (page > hi / kPerPage) break;
        uintptr_t page_first = page * kPerPage;
        uintptr_t page_last = page_first + kPerPage - 1;
        uintptr_t from = page_first > lo ? page_first : lo;
        uintptr_t to = page_last < hi ? page_last : hi;
        GranuleLock held;  // one unit group's lock at a time
        for (uintptr_t unit = from & ~uintptr_t{kUnitGranules - 1}; unit <= to;
             unit += kUnitGranules) {
          Granule* u = &chunk[unit];
          prefetch_for_write(&unit_cells(u) + 2);
          constexpr uintptr_t kRunGranules = kRunUnits * kUnitGranules;
          if (unit >= from && unit + kRunGranules - 1 <= to && starts_run(u) &&
              clear_run(u, held)) {
            unit += kRunGranules - kUnitGranules;
          } else if (unit >= from && unit + kUnitGranules - 1 <= to) {
            clear_unit(u, held);
          } else if (unit_state(u).load(std::memory_order_acquire) != UnitState::kClean) {
            held.unlock();  // split() takes it
            split(u);
            uintptr_t a = unit > from ? unit : from;
            uintptr_t b = unit + kUnitGranules - 1 < to ? unit + kUnitGranules - 1 : to;
            for (uintptr_t j = a; j <= b; j++) clear(chunk[j]);
          }
        }
        if (from == page_first && to == page_last) {
          auto a = reinterpret_cast<uintptr_t>(&chunk[page_first]);
          dirty_word(a).fetch_and(~(uint64_t{1} << (page_in_chunk(a) & 63)),
                                  std::memory_order_relaxed);
        }
        page++;
      }
    }
    first = end + 1;
  }
}

void Shadow::mark_sync(uintptr_t addr) {
  if ((addr >> 3) >= kGranules) return;  // untracked: never freed as heap or stack
  Granule* gr = granule(addr);
  Granule* chunk = reinterpret_cast<Granule*>(chunk_base(reinterpret_cast<uintptr_t>(gr)));
  const size_t g = (addr >> 3) & (kChunkGranules - 1);
  const auto bit = static_cast<uint8_t>(1u << (addr & 7));
  std::atomic<uint8_t>& byte = sync_marks(chunk)[g];
  if ((byte.load(std::memory_order_relaxed) & bit) == 0)
    byte.fetch_or(bit, std::memory_order_relaxed);
  const size_t region = g / kSyncRegionGranules;
  std::atomic<uint64_t>& summary = sync_summary(chunk)[region / 64];
  const uint64_t summary_bit = uint64_t{1} << (region % 64);
  if ((summary.load(std::memory_order_relaxed) & summary_bit) == 0)
    summary.fetch_or(summary_bit, std::memory_order_relaxed);
}

namespace {

// Gives the whole pages of [begin, end) back to the kernel (they read as
// zero again) and zeroes the bytes around them.
void zero_and_release(char* begin, char* end) {
  const auto b = reinterpret_cast<uintptr_t>(begin);
  const auto e = reinterpret_cast<uintptr_t>(end);
  constexpr uintptr_t kPage = 4096;
  const uintptr_t inner_b = (b + kPage - 1) & ~(kPage - 1);
  const uintptr_t inner_e = e & ~(kPage - 1);
  if (inner_b >= inner_e) {
    std::memset(begin, 0, e - b);
    return;
  }
  std::memset(begin, 0, inner_b - b);
  madvise(reinterpret_cast<void*>(inner_b), inner_e - inner_b, MADV_DONTNEED);
  std::memset(reinterpret_cast<void*>(inner_e), 0, e - inner_e);
}

}  // namespace

void Shadow::release(uintptr_t addr, size_t size) {
  // The unit groups the range covers whole (their granules, state bytes,
  // records and dirty bits) are released; the units at its ends are reset.
  // Whole groups, not units: a group's lock is in its first record, which
  // a unit past the range may need meanwhile.
  constexpr uintptr_t kGroupBytes = kGroupUnits * kUnitBytes;
  const uintptr_t lo = (addr + kGroupBytes - 1) & ~(kGroupBytes - 1);
  const uintptr_t end = addr + size < addr ? ~uintptr_t{0} : addr + size;
  const uintptr_t hi = end & ~(kGroupBytes - 1);
  constexpr size_t kMinRelease = 64 * 1024;  // smaller ranges: reset is cheaper
  if (hi <= lo || hi - lo < kMinRelease || (lo >> 3) >= kGranules) {
    reset(addr, size);
    return;
  }
  reset(addr, lo - addr);
  reset(hi, end - hi);
  constexpr uintptr_t kChunkSpan = uintptr_t{8} << kChunkBits;
  for (uintptr_t a = lo; a < hi && (a >> 3) < kGranules;) {
    const uintptr_t next = (a | (kChunkSpan - 1)) + 1;
    const uintptr_t stop = next < hi ? next : hi;
    Granule* chunk = l1_[(a >> 3) >> kChunkBits].load(std::memory_order_acquire);
    if (chunk != nullptr) {
      const auto base = reinterpret_cast<char*>(chunk);
      const size_t first = ((a >> 3) & ((uintptr_t{1} << kChunkBits) - 1)) / kUnitGranules;
      const size_t units = (stop - a) / kUnitBytes;
      // States first: a clean unit's cells are never read.
      std::memset(base + kStatesOffset + first, 0, units);
      zero_and_release(base + first * kUnitShadow, base + (first + units) * kUnitShadow);
      zero_and_release(base + kRecordsOffset + first * sizeof(UnitRecord),
                       base + kRecordsOffset + (first + units) * sizeof(UnitRecord));
      zero_and_release(base + kSpillOffset + first * kUnitShadow,
                       base + kSpillOffset + (first + units) * kUnitShadow);
      // Whole pages of granules are clean now (the bits of the edge pages,
      // shared with the neighbours, stay set: harmless).
      const size_t page_lo = (first * kUnitShadow + kShadowPage - 1) / kShadowPage;
      const size_t page_hi = (first + units) * kUnitShadow / kShadowPage;
      for (size_t page = page_lo; page < page_hi; page++) {
        auto* bitmap = reinterpret_cast<std::atomic<uint64_t>*>(base + kChunkBytes);
        bitmap[page / 64].fetch_and(~(uint64_t{1} << (page % 64)), std::memory_order_relaxed);
      }
    }
    a = stop;
  }
}

}  // namespace gorace::analyzer
