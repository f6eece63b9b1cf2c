// Shadow memory: for every 8-byte granule of application memory, 4 cells
// of 8 bytes describing recent accesses to it (4x application memory; with
// 2 cells, two unordered readers and a writer did not fit, and the
// check-then-act race of samples/14 went unreported in some runs). A
// two-level table indexed by address: the first level (one pointer per 8 MiB
// of application memory) and every second-level chunk are mmapped with
// MAP_NORESERVE, so only touched pages cost memory. Addresses at or above
// 2^47 are not tracked.
//
// A cell names its access by (slot, epoch); the access's stack is found in
// the slot owner's StackLog at that epoch (see stack_log.hpp), so cells stay
// one word and the previous access's stack is still always known.
//
// Granules are grouped in units of 16 (128 bytes of application memory),
// each with a state byte (UnitState) and a record of shared cells. A range
// access covering a whole unit whose granules all hold the same cells (a
// block filled, then read, then freed: the common life of a buffer) checks
// and records the unit's one set of shared cells instead of sixteen, and
// leaves the granules' own shadow untouched (a buffer only ever accessed
// whole costs 32 bytes of shadow per 128); the unit turns fine-grained
// (each granule its own cells) at the first access covering only part of it.
//
// Each chunk also keeps a bitmap of its dirty shadow pages (a unit of the
// page left the clean state since the page was last cleared), so resetting
// a range (a recycled goroutine stack, a new heap block) touches only pages
// that hold history and never faults in untouched ones.
#pragma once

#include <sched.h>

#include <atomic>
#include <cstddef>
#include <cstdint>

namespace gorace::analyzer {

/// One recorded access, packed into one word:
///   epoch (bits 0-31) | slot (32-52) | byte mask (53-60) | write (61) |
///   lock (62, the granule's lock in its first cell: GranuleLock) |
///   atomic (63). A cell is empty when every bit but the lock is 0.
/// Invariants: written only under the granule's lock (a unit record's:
/// under its group's lock, Shadow::unit_lock), except that an empty
/// granule's first cell may be claimed by one CAS from 0 (empty, unlocked);
/// a granule's cells fill from the first and only a reset empties them, so
/// the cells after an empty one are empty (an empty first cell means an
/// empty granule). Lock-free readers see a
/// whole old or new word.
struct Cell {
  std::atomic<uint64_t> word;

  static constexpr uint64_t kWriteBit = uint64_t{1} << 61;
  // Bit 62, not 63: x86 compilers turn a fetch_or of bit 62 into one
  // `lock bts`, but bit 63 into a load + cmpxchg loop (two coherence
  // transactions on a line last written by another core).
  static constexpr uint64_t kLockBit = uint64_t{1} << 62;
  static constexpr uint64_t kAtomicBit = uint64_t{1} << 63;
  static constexpr unsigned kSlotShift = 32;
  static constexpr unsigned kMaskShift = 53;
  static constexpr uint64_t kSlotBits = (uint64_t{1} << 21) - 1;

  /// The identity of an access: (slot, epoch) with no bytes or kind.
  static constexpr uint64_t identity(uint32_t epoch, uint32_t slot) {
    return uint64_t{epoch} | (uint64_t{slot} << kSlotShift);
  }
  static constexpr uint64_t pack(uint32_t epoch, uint32_t slot, uint8_t mask, bool write,
                                 bool atomic) {
    return identity(epoch, slot) | (uint64_t{mask} << kMaskShift) | (write ? kWriteBit : 0) |
           (atomic ? kAtomicBit : 0);
  }
  static bool empty(uint64_t w) { return (w & ~kLockBit) == 0; }
  /// The cell's access without its bytes (and without the lock bit).
  static uint64_t without_mask(uint64_t w) {
    return w & ~kLockBit & ~(uint64_t{0xFF} << kMaskShift);
  }
  static uint32_t epoch(uint64_t w) { return static_cast<uint32_t>(w); }
  static uint32_t slot(uint64_t w) { return static_cast<uint32_t>((w >> kSlotShift) & kSlotBits); }
  static uint8_t mask(uint64_t w) { return static_cast<uint8_t>(w >> kMaskShift); }
  static bool is_write(uint64_t w) { return (w & kWriteBit) != 0; }
  static bool is_atomic(uint64_t w) { return (w & kAtomicBit) != 0; }
};

/// The cells of one granule. Its lock is bit 62 of cells[0], in the cache
/// line the access touches anyway (a striped lock table cost a cache miss
/// per access and made unrelated granules contend).
struct Granule {
  static constexpr int kCells = 4;
  Cell cells[kCells];
};
static_assert(sizeof(Granule) == 32);

/// How the granules of a unit hold their cells.
///   kClean: none holds a cell (every cell word is 0 but lock bits).
///   kFine: each granule holds its own cells.
///   kUniform: every granule logically holds the cells of the unit's record
///     (Shadow::unit_cells), all with the full byte mask; the granules' own
///     cells are empty.
/// Transitions: clean -> fine (a CAS, by the first partial access), clean ->
/// uniform (a CAS under the unit's lock, Shadow::unit_lock, by a whole-unit
/// access), uniform -> fine (under the unit's lock: its record's cells are
/// first copied into every granule), and back to clean only by reset
/// (uniform: under the unit's lock). The record's cells change only under
/// that lock while the unit is uniform, so holding it pins a uniform unit's
/// state.
enum class UnitState : uint8_t { kClean = 0, kFine = 1, kUniform = 2 };

class GranuleLock;

/// The cell words of `g` as lock-free readers see them, without the lock bit.
inline void load_cells(const Granule& g, uint64_t (&out)[Granule::kCells]) {
  for (int i = 0; i < Granule::kCells; i++)
    out[i] = g.cells[i].word.load(std::memory_order_relaxed) & ~Cell::kLockBit;
}

/// Largest slot a cell can name.
inline constexpr uint32_t kMaxSlot = static_cast<uint32_t>(Cell::kSlotBits);

class Shadow {
 public:
  Shadow();
  ~Shadow();
  Shadow(const Shadow&) = delete;
  Shadow& operator=(const Shadow&) = delete;

  /// The granule of `addr` (mapping its chunk on first use), or null when
  /// the address is not tracked.
  Granule* granule(uintptr_t addr) {
    uintptr_t g = addr >> 3;
    if (g >= kGranules) [[unlikely]]
      return nullptr;
    Granule* chunk = l1_[g >> kChunkBits].load(std::memory_order_acquire);
    if (chunk == nullptr) [[unlikely]]
      chunk = map_chunk(g >> kChunkBits);
    return &chunk[g & ((uintptr_t{1} << kChunkBits) - 1)];
  }
  /// The granule of `addr` if its chunk exists, else null (no mapping).
  Granule* find(uintptr_t addr) const {
    uintptr_t g = addr >> 3;
    if (g >= kGranules) return nullptr;
    Granule* chunk = l1_[g >> kChunkBits].load(std::memory_order_acquire);
    return chunk ? &chunk[g & ((uintptr_t{1} << kChunkBits) - 1)] : nullptr;
  }
  /// The first address past the chunk holding `addr`: granules of one
  /// chunk are contiguous (granule(a + 8) == granule(a) + 1 within it).
  static uintptr_t chunk_end(uintptr_t addr) {
    constexpr uintptr_t kChunkSpan = uintptr_t{8} << kChunkBits;
    uintptr_t next = (addr | (kChunkSpan - 1)) + 1;
    return next == 0 ? ~uintptr_t{0} : next;
  }
  /// Granules per unit, and the application bytes a unit spans.
  static constexpr unsigned kUnitGranules = 16;
  static constexpr uintptr_t kUnitBytes = kUnitGranules * 8;
  /// The first granule of the unit holding `g` (chunks are aligned, so
  /// units are too).
  static Granule* unit_first(const Granule* g) {
    return reinterpret_cast<Granule*>(reinterpret_cast<uintptr_t>(g) & ~(kUnitShadow - 1));
  }
  /// The state of the unit holding `g`.
  static std::atomic<UnitState>& unit_state(const Granule* g) {
    auto a = reinterpret_cast<uintptr_t>(g);
    auto* states = reinterpret_cast<std::atomic<UnitState>*>(chunk_base(a) + kStatesOffset);
    return states[unit_in_chunk(a)];
  }
  /// Units of one chunk have consecutive states and records:
  /// &unit_state(g) + k and &unit_cells(g) + k belong to the unit k units
  /// after g's, when that unit is in the same chunk.
  /// The shared cells of the unit holding `g` (meaningful while it is
  /// uniform), guarded by unit_lock(g).
  static Granule& unit_cells(const Granule* g) {
    auto a = reinterpret_cast<uintptr_t>(g);
    return reinterpret_cast<Granule*>(chunk_base(a) + kRecordsOffset)[unit_in_chunk(a)];
  }
  /// Units per lock group: kGroupUnits consecutive unit records share one
  /// lock, so that a sweep over a block locks once per group, not per unit.
  static constexpr size_t kGroupUnits = 16;
  /// The record whose lock (GranuleLock) is the lock of g's unit: the first
  /// record of its group. Its lock pins the state of every uniform unit of
  /// the group and guards their records.
  static Granule& unit_lock(const Granule* g) {
    auto a = reinterpret_cast<uintptr_t>(g);
    return reinterpret_cast<Granule*>(chunk_base(a) +
                                      kRecordsOffset)[unit_in_chunk(a) & ~(kGroupUnits - 1)];
  }
  /// The cells that are g's: g's own in a fine unit, the unit's record in a
  /// uniform one; null in a clean unit (no cells). Lock-free readers see
  /// cells that were g's at some moment.
  static const Granule* cells_of(const Granule* g) {
    switch (unit_state(g).load(std::memory_order_acquire)) {
      case UnitState::kFine:
        return g;
      case UnitState::kUniform:
        return &unit_cells(g);
      case UnitState::kClean:
        break;
    }
    return nullptr;
  }
  /// Whether `g` holds a cell.
  static bool has_history(const Granule* g) {
    const Granule* c = cells_of(g);
    // Cells fill from the first: the granule holds one iff its first does.
    return c != nullptr && !Cell::empty(c->cells[0].word.load(std::memory_order_relaxed));
  }
  /// Makes g's unit fine, so that g's own cells may be written. Returns
  /// whether this call found it clean: g's cells were then empty (another
  /// access may fill them at any moment after).
  bool make_fine(Granule* g) {
    if (unit_state(g).load(std::memory_order_acquire) != UnitState::kFine) [[unlikely]]
      return split(g);
    return false;
  }
  /// Makes g's unit uniform if it is clean; returns whether it is uniform.
  /// The caller holds unit_lock(g).
  bool claim_uniform(const Granule* g) {
    std::atomic<UnitState>& state = unit_state(g);
    UnitState s = state.load(std::memory_order_acquire);
    if (s != UnitState::kClean) return s == UnitState::kUniform;
    mark_dirty(g);
    return state.compare_exchange_strong(s, UnitState::kUniform, std::memory_order_acq_rel);
  }
  /// Clears the cells of every granule overlapping [addr, addr+size).
  void reset(uintptr_t addr, size_t size);
  /// reset(), for memory given back to the system (munmap): the shadow
  /// pages that describe only that memory are given back too (madvise), so
  /// unmapped memory keeps no shadow resident. Nothing may access the
  /// range meanwhile.
  void release(uintptr_t addr, size_t size);

  /// Notes that the engine keeps a sync object's clock for address `addr`
  /// (which may be any address, tracked or not), so that take_sync_marks()
  /// finds it when its memory is freed or reused. Marks are per byte.
  void mark_sync(uintptr_t addr);
  /// Calls f(a) for every address a in [addr, addr+size) marked by
  /// mark_sync(), and unmarks it. Visits only the marks of 4 KiB regions
  /// (of application memory) that hold some: a region's summary bit says so.
  template <class F>
  void take_sync_marks(uintptr_t addr, size_t size, F&& f);

 private:
  static constexpr unsigned kAddressBits = 47;
  static constexpr unsigned kChunkBits = 20;  // granules per chunk: 8 MiB of app memory
  static constexpr uintptr_t kGranules = uintptr_t{1} << (kAddressBits - 3);
  static constexpr size_t kL1Entries = size_t{1} << (kAddressBits - 3 - kChunkBits);

  Granule* map_chunk(size_t index);
  /// make_fine() for a clean or uniform unit; returns whether it was clean.
  bool split(Granule* g);
  /// Empties the unit whose first granule is `first` and makes it clean;
  /// `held` is the sweep's lock, moved to the unit's lock if it needs it.
  static void clear_unit(Granule* first, GranuleLock& held);
  /// Records that a unit of g's shadow page leaves the clean state.
  static void mark_dirty(const Granule* g) {
    auto a = reinterpret_cast<uintptr_t>(g);
    std::atomic<uint64_t>& word = dirty_word(a);
    uint64_t bit = uint64_t{1} << ((page_in_chunk(a)) & 63);
    if ((word.load(std::memory_order_relaxed) & bit) == 0)
      word.fetch_or(bit, std::memory_order_relaxed);
  }

  static constexpr size_t kShadowPage = 4096;
  static constexpr size_t kChunkBytes = sizeof(Granule) << kChunkBits;
  static constexpr size_t kChunkPages = kChunkBytes / kShadowPage;
  static constexpr size_t kUnitShadow = kUnitGranules * sizeof(Granule);
  static constexpr size_t kChunkUnits = kChunkBytes / kUnitShadow;
  // A chunk's mapping: the granules' cells, the dirty-page bitmap, the unit
  // states, the unit records, the sync marks (a byte per granule: bit i for
  // its byte i) and their summary (a bit per kSyncRegionGranules granules:
  // some mark there). Chunks are kChunkBytes-aligned, so a granule's chunk,
  // page and unit follow from its address.
  static constexpr size_t kBitmapBytes = 4096;  // >= kChunkPages / 8
  static constexpr size_t kStatesOffset = kChunkBytes + kBitmapBytes;
  static constexpr size_t kRecordsOffset = kStatesOffset + kChunkUnits;
  static constexpr size_t kSyncMarksOffset = kRecordsOffset + kChunkUnits * sizeof(Granule);
  static constexpr size_t kChunkGranules = size_t{1} << kChunkBits;
  static constexpr size_t kSyncRegionGranules = 512;  // 4 KiB of application memory
  static constexpr size_t kSyncSummaryOffset = kSyncMarksOffset + kChunkGranules;
  static constexpr size_t kSyncSummaryBytes = kChunkGranules / kSyncRegionGranules / 8;
  static constexpr size_t kMapBytes = kSyncSummaryOffset + kSyncSummaryBytes;
  static std::atomic<uint8_t>* sync_marks(Granule* chunk) {
    return reinterpret_cast<std::atomic<uint8_t>*>(reinterpret_cast<char*>(chunk) +
                                                   kSyncMarksOffset);
  }
  static std::atomic<uint64_t>* sync_summary(Granule* chunk) {
    return reinterpret_cast<std::atomic<uint64_t>*>(reinterpret_cast<char*>(chunk) +
                                                    kSyncSummaryOffset);
  }
  static size_t unit_in_chunk(uintptr_t shadow_addr) {
    return (shadow_addr & (kChunkBytes - 1)) / kUnitShadow;
  }
  static uintptr_t chunk_base(uintptr_t shadow_addr) {
    return shadow_addr & ~(uintptr_t{kChunkBytes} - 1);
  }
  static size_t page_in_chunk(uintptr_t shadow_addr) {
    return (shadow_addr & (kChunkBytes - 1)) / kShadowPage;
  }
  static std::atomic<uint64_t>& dirty_word(uintptr_t shadow_addr) {
    auto* bitmap = reinterpret_cast<std::atomic<uint64_t>*>(chunk_base(shadow_addr) + kChunkBytes);
    return bitmap[page_in_chunk(shadow_addr) / 64];
  }

  std::atomic<Granule*>* l1_;
};

template <class F>
void Shadow::take_sync_marks(uintptr_t addr, size_t size, F&& f) {
  if (size == 0) return;
  const uintptr_t end = addr + size < addr ? ~uintptr_t{0} : addr + size;
  constexpr uintptr_t kRegionBytes = kSyncRegionGranules * 8;
  for (uintptr_t region = addr & ~(kRegionBytes - 1); region < end && (region >> 3) < kGranules;) {
    const uintptr_t next = region + kRegionBytes;
    Granule* chunk = l1_[(region >> 3) >> kChunkBits].load(std::memory_order_acquire);
    if (chunk == nullptr) {  // no chunk: no marks up to its end
      region = chunk_end(region);
      continue;
    }
    const size_t first_granule = (region >> 3) & (kChunkGranules - 1);
    const size_t bit = first_granule / kSyncRegionGranules;
    std::atomic<uint64_t>& summary = sync_summary(chunk)[bit / 64];
    const uint64_t summary_bit = uint64_t{1} << (bit % 64);
    const uint64_t summary_word = summary.load(std::memory_order_relaxed);
    if ((summary_word & summary_bit) == 0) {
      // No mark here; a summary word with none skips its 64 regions at once.
      region = summary_word == 0 ? (region | (64 * kRegionBytes - 1)) + 1 : next;
      continue;
    }
    {
      const bool whole = region >= addr && next <= end;
      if (whole) summary.fetch_and(~summary_bit, std::memory_order_relaxed);
      const uintptr_t lo = region < addr ? addr : region;
      const uintptr_t hi = next < end ? next : end;
      std::atomic<uint8_t>* marks = sync_marks(chunk);
      for (uintptr_t g = lo >> 3; g <= (hi - 1) >> 3; g++) {
        std::atomic<uint8_t>& byte = marks[g & (kChunkGranules - 1)];
        uint8_t m = byte.load(std::memory_order_relaxed);
        if (m == 0) continue;
        // The bytes of granule g inside [lo, hi).
        const uintptr_t base = g << 3;
        uint8_t inside = 0xFF;
        if (base < lo) inside &= static_cast<uint8_t>(0xFF << (lo - base));
        if (base + 8 > hi) inside &= static_cast<uint8_t>(0xFF >> (base + 8 - hi));
        m &= inside;
        if (m == 0) continue;
        byte.fetch_and(static_cast<uint8_t>(~m), std::memory_order_relaxed);
        for (unsigned i = 0; i < 8; i++)
          if ((m >> i) & 1) f(base + i);
      }
    }
    region = next;
  }
}

/// A pause hint for spin loops.
inline void cpu_relax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  asm volatile("yield");
#endif
}

/// Fetches the cache line at `p` for writing (x86's prefetchw, which needs
/// no target flag: CPUs without it execute it as a no-op).
inline void prefetch_for_write(const void* p) {
#if defined(__x86_64__)
  asm volatile("prefetchw %0" : : "m"(*static_cast<const char*>(p)));
#else
  __builtin_prefetch(p, 1);
#endif
}

/// Scoped lock of one granule (Cell::kLockBit of its first cell). While it
/// is held, the holder writes cells through store(), which keeps the bit.
/// A default-constructed one holds nothing until lock(); a sweep over unit
/// records moves one lock from group to group (see Shadow::unit_lock).
class GranuleLock {
 public:
  GranuleLock() = default;
  explicit GranuleLock(Granule& g) { lock(g); }
  ~GranuleLock() { unlock(); }
  GranuleLock(const GranuleLock&) = delete;
  GranuleLock& operator=(const GranuleLock&) = delete;

  /// Takes g's lock; this must hold none.
  void lock(Granule& g) {
    word_ = &g.cells[0].word;
    int spins = 0;
    while (word_->fetch_or(Cell::kLockBit, std::memory_order_acquire) & Cell::kLockBit) {
      while (word_->load(std::memory_order_relaxed) & Cell::kLockBit) {
        // The holder may be descheduled (oversubscribed machine): yield.
        if (++spins > 64) {
          sched_yield();
          spins = 0;
        } else {
          cpu_relax();
        }
      }
    }
  }
  /// Releases the lock held, if any. Only the holder changes the word while
  /// the bit is set (a contender's fetch_or leaves it unchanged), so a plain
  /// store releases it.
  void unlock() {
    if (word_ == nullptr) return;
    word_->store(word_->load(std::memory_order_relaxed) & ~Cell::kLockBit,
                 std::memory_order_release);
    word_ = nullptr;
  }
  /// Whether this holds g's lock.
  bool holds(const Granule& g) const { return word_ == &g.cells[0].word; }
  /// Makes this hold g's lock, releasing another one it holds.
  void move_to(Granule& g) {
    if (holds(g)) return;
    unlock();
    lock(g);
  }

  /// Writes `c` (a cell the lock guards), keeping the lock.
  void store(Cell& c, uint64_t value) {
    if (&c.word == word_) value |= Cell::kLockBit;
    c.word.store(value, std::memory_order_relaxed);
  }

 private:
  std::atomic<uint64_t>* word_ = nullptr;
};

}  // namespace gorace::analyzer
