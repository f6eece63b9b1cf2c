// Shadow memory: for every 8-byte granule of application memory, 4 cells
// of 8 bytes describing recent accesses to it (with 2 cells, two unordered
// readers and a writer did not fit, and the check-then-act race of
// samples/14 went unreported in some runs). Two of them are kept beside
// the granule, two in a spill area used only once the granule needs a
// third (see Granule): memory accessed piecemeal costs 16 bytes of shadow
// per 8 (2x), plus 16 more per granule on the spill pages of granules that
// held three or four accesses at once. A two-level table indexed by
// address: the first level (one pointer per 8 MiB of application memory)
// and every second-level chunk are mmapped with MAP_NORESERVE, so only
// touched pages cost memory. Addresses at or above 2^47 are not tracked.
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
// Eight units whose states share an aligned word (1 KiB of application
// memory) may form a run, all holding the cells of the first one's record:
// a fresh buffer written whole is claimed a run at a time, and later whole
// accesses check and record one record per KiB instead of eight.
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
///   bit 62 (in a granule's first cell its lock, GranuleLock; in its second
///   its spill bit, Granule) | atomic (63). A cell is empty when every bit
///   but bit 62 is 0.
/// Invariants: written only under the granule's lock (a unit record's:
/// under its group's lock, Shadow::unit_lock), except that an empty
/// granule's first cell may be claimed by one CAS from 0 (empty, unlocked);
/// a granule's cells fill from the first, so the cells after an empty one
/// are empty. Recording may drop and move cells (CellRef::rewrite), but
/// only a reset empties the first, so an empty first cell means an empty
/// granule. Lock-free readers see a whole old or new word, but may see the
/// cells of a granule mid-move: they check what they see and take the lock
/// before relying on the other cells.
struct Cell {
  std::atomic<uint64_t> word;

  static constexpr uint64_t kWriteBit = uint64_t{1} << 61;
  // Bit 62, not 63: x86 compilers turn a fetch_or of bit 62 into one
  // `lock bts`, but bit 63 into a load + cmpxchg loop (two coherence
  // transactions on a line last written by another core).
  static constexpr uint64_t kLockBit = uint64_t{1} << 62;
  static constexpr uint64_t kAtomicBit = uint64_t{1} << 63;
  /// Bit 62 of a granule's second cell: its far cells are in use.
  static constexpr uint64_t kSpillBit = kLockBit;
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
  /// The cell's access without its bytes (and without bit 62).
  static uint64_t without_mask(uint64_t w) {
    return w & ~kLockBit & ~(uint64_t{0xFF} << kMaskShift);
  }
  static uint32_t epoch(uint64_t w) { return static_cast<uint32_t>(w); }
  static uint32_t slot(uint64_t w) { return static_cast<uint32_t>((w >> kSlotShift) & kSlotBits); }
  static uint8_t mask(uint64_t w) { return static_cast<uint8_t>(w >> kMaskShift); }
  static bool is_write(uint64_t w) { return (w & kWriteBit) != 0; }
  static bool is_atomic(uint64_t w) { return (w & kAtomicBit) != 0; }
};

/// The cells of one granule: kCells of them, the first kNear here, beside
/// the other granules' (four granules to a cache line), and the rest, its
/// far cells, in its chunk's spill area (Shadow::far). The far cells count
/// only while the spill bit of the second cell is set: a granule spills
/// when it needs a third cell and unspills when it holds two again or is
/// reset (far cells left from before are overwritten when it spills
/// again). Most granules never need a third cell: an access supersedes its
/// goroutine's earlier ones of the same bytes, and accesses ordered after
/// each other replace each other.
/// Its lock is bit 62 of cells[0], in the cache line the access touches
/// anyway (a striped lock table cost a cache miss per access and made
/// unrelated granules contend).
struct Granule {
  static constexpr int kCells = 4;
  static constexpr int kNear = 2;
  Cell cells[kNear];
};
static_assert(sizeof(Granule) == 16);

/// The cells a uniform unit's granules share (Shadow::unit_cells): all
/// kCells of them together. The first record of a unit group holds the
/// group's lock in bit 62 of its first cell (Shadow::unit_lock).
struct UnitRecord {
  Cell cells[Granule::kCells];
};
static_assert(sizeof(UnitRecord) == 32);

/// How the granules of a unit hold their cells.
///   kClean: none holds a cell (every cell word is 0 but lock bits).
///   kFine: each granule holds its own cells.
///   kUniform: every granule logically holds the cells of the unit's record
///     (Shadow::unit_cells), all with the full byte mask; the granules' own
///     cells are empty.
///   kRun: as kUniform, but the cells are those of the run's record
///     (Shadow::run_cells): the record of the first of the kRunUnits units
///     whose states share an aligned word. A word's states are all kRun or
///     none is; the other units' own records are not used meanwhile.
/// Transitions: clean -> fine (a CAS, by the first partial access), clean ->
/// uniform (a CAS under the unit's lock, Shadow::unit_lock, by a whole-unit
/// access), a word of clean units -> a run (one CAS under that lock, by an
/// access covering them all), run -> uniform (Shadow::unrun, under the lock:
/// the run's cells are first copied into every unit's record), uniform ->
/// fine (under the lock: its record's cells are first copied into every
/// granule), and back to clean only by reset (uniform or run: under the
/// lock). The records' cells change only under that lock while their unit
/// is uniform or a run, so holding it pins both states.
enum class UnitState : uint8_t { kClean = 0, kFine = 1, kUniform = 2, kRun = 3 };

class GranuleLock;
class CellRef;

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
  static UnitRecord& unit_cells(const Granule* g) {
    auto a = reinterpret_cast<uintptr_t>(g);
    return reinterpret_cast<UnitRecord*>(chunk_base(a) + kRecordsOffset)[unit_in_chunk(a)];
  }
  /// Units per run: the units whose states share an aligned word.
  static constexpr size_t kRunUnits = 8;
  /// The record of the run that g's unit may belong to: that of the first
  /// unit of its state word (meaningful while the unit is kRun), guarded by
  /// unit_lock(g) (a run lies within one lock group).
  static UnitRecord& run_cells(const Granule* g) {
    auto a = reinterpret_cast<uintptr_t>(g);
    return reinterpret_cast<UnitRecord*>(chunk_base(a) +
                                         kRecordsOffset)[unit_in_chunk(a) & ~(kRunUnits - 1)];
  }
  /// Whether g's unit is the first of its state word (so of any run).
  static bool starts_run(const Granule* g) {
    return (unit_in_chunk(reinterpret_cast<uintptr_t>(g)) & (kRunUnits - 1)) == 0;
  }
  /// Units per lock group: kGroupUnits consecutive unit records share one
  /// lock, so that a sweep over a block locks once per group, not per unit.
  static constexpr size_t kGroupUnits = 16;
  static_assert(kGroupUnits % kRunUnits == 0, "a run lies within one lock group");
  /// The record whose lock (GranuleLock) is the lock of g's unit: the first
  /// record of its group. Its lock pins the state of every uniform unit of
  /// the group and guards their records.
  static UnitRecord& unit_lock(const Granule* g) {
    auto a = reinterpret_cast<uintptr_t>(g);
    return reinterpret_cast<UnitRecord*>(chunk_base(a) +
                                         kRecordsOffset)[unit_in_chunk(a) & ~(kGroupUnits - 1)];
  }
  /// The cells that are g's: g's own in a fine unit, the unit's record in a
  /// uniform one; none (a CellRef that is false) in a clean unit. Lock-free readers see
  /// cells that were g's at some moment.
  static CellRef cells_of(Granule* g);
  /// Whether `g` holds a cell.
  static bool has_history(Granule* g);
  /// The far cells of `g` (see Granule), in its chunk's spill area.
  static Granule& far(const Granule& g) {
    return *reinterpret_cast<Granule*>(reinterpret_cast<uintptr_t>(&g) + kSpillOffset);
  }
  /// Makes g's unit fine, so that g's own cells may be written. Returns
  /// whether this call found it clean: g's cells were then empty (another
  /// access may fill them at any moment after).
  bool make_fine(Granule* g) {
    if (unit_state(g).load(std::memory_order_acquire) != UnitState::kFine) [[unlikely]]
      return split(g);
    return false;
  }
  /// Makes the kRunUnits units from g (which starts_run()) a run if all
  /// are clean (then with one CAS); returns whether it did, else changes
  /// nothing. The run's record (unit_cells(g)) is empty, as a clean unit's
  /// is. The caller holds their group's lock (unit_lock), as for
  /// claim_uniform().
  bool claim_clean_run(const Granule* g) {
    if (!starts_run(g)) return false;
    auto* word = state_word(g);
    static_assert(static_cast<uint8_t>(UnitState::kClean) == 0, "a clean run is a zero word");
    if (__atomic_load_n(word, __ATOMIC_ACQUIRE) != 0) return false;
    mark_dirty(g);
    mark_dirty(g + (kRunUnits - 1) * kUnitGranules);
    uint64_t clean = 0;
    return __atomic_compare_exchange_n(word, &clean, kAllRun, false, __ATOMIC_ACQ_REL,
                                       __ATOMIC_ACQUIRE);
  }
  /// Makes g's unit uniform if it is clean; returns whether it is uniform
  /// (not fine, nor in a run). The caller holds unit_lock(g).
  bool claim_uniform(const Granule* g) {
    std::atomic<UnitState>& state = unit_state(g);
    UnitState s = state.load(std::memory_order_acquire);
    if (s != UnitState::kClean) return s == UnitState::kUniform;
    mark_dirty(g);
    return state.compare_exchange_strong(s, UnitState::kUniform, std::memory_order_acq_rel);
  }
  /// If g's unit is in a run, makes every unit of the run uniform, each
  /// holding a copy of the run's cells; else does nothing. The caller holds
  /// unit_lock(g).
  static void unrun(const Granule* g);
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
  /// Empties the run starting at `first` and makes its units clean, if
  /// they are a run; returns whether they were (see clear_unit()).
  static bool clear_run(Granule* first, GranuleLock& held);
  /// The word of unit states holding g's unit's and its run's.
  static uint64_t* state_word(const Granule* g) {
    return reinterpret_cast<uint64_t*>(reinterpret_cast<uintptr_t>(&unit_state(g)) &
                                       ~uintptr_t{sizeof(uint64_t) - 1});
  }
  static constexpr uint64_t kAllRun = 0x0101010101010101ull * static_cast<uint8_t>(UnitState::kRun);
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
  // A chunk's mapping: the granules' near cells, the dirty-page bitmap, the
  // unit states, the unit records, the sync marks (a byte per granule: bit i
  // for its byte i), their summary (a bit per kSyncRegionGranules granules:
  // some mark there) and the spill area (the granules' far cells, in the
  // order of their near ones). Chunks are kChunkBytes-aligned, so a
  // granule's chunk, page and unit follow from its address.
  static constexpr size_t kBitmapBytes = 4096;  // >= kChunkPages / 8
  static constexpr size_t kStatesOffset = kChunkBytes + kBitmapBytes;
  static constexpr size_t kRecordsOffset = kStatesOffset + kChunkUnits;
  static constexpr size_t kSyncMarksOffset = kRecordsOffset + kChunkUnits * sizeof(UnitRecord);
  static constexpr size_t kChunkGranules = size_t{1} << kChunkBits;
  static constexpr size_t kSyncRegionGranules = 512;  // 4 KiB of application memory
  static constexpr size_t kSyncSummaryOffset = kSyncMarksOffset + kChunkGranules;
  static constexpr size_t kSyncSummaryBytes = kChunkGranules / kSyncRegionGranules / 8;
  static constexpr size_t kSpillOffset =
      (kSyncSummaryOffset + kSyncSummaryBytes + kShadowPage - 1) & ~(kShadowPage - 1);
  static constexpr size_t kMapBytes = kSpillOffset + kChunkBytes;
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

/// The kCells cells of a granule or of a unit record, in order: a
/// granule's near cells then its far ones, which count only while it is
/// spilled (see Granule), or a record's four, which always count. A view
/// of two words, passed by value; a default-made one refers to nothing.
class CellRef {
 public:
  CellRef() = default;
  explicit CellRef(Granule& g) : near_(g.cells) {}
  explicit CellRef(UnitRecord& r) : near_(r.cells), record_(true) {}

  /// Whether this refers to cells.
  explicit operator bool() const { return near_ != nullptr; }
  /// The first cell (empty only in an empty granule or record).
  const Cell& first() const { return near_[0]; }
  /// Whether the far cells count: a record's always, a granule's once it
  /// spilled.
  bool spilled() const {
    return record_ || (near_[1].word.load(std::memory_order_acquire) & Cell::kSpillBit) != 0;
  }
  /// The cell words as lock-free readers see them, without bit 62; far
  /// cells that do not count read as empty.
  void load(uint64_t (&out)[Granule::kCells]) const {
    const uint64_t second = near_[1].word.load(std::memory_order_acquire);
    out[0] = near_[0].word.load(std::memory_order_relaxed) & ~Cell::kLockBit;
    out[1] = second & ~Cell::kSpillBit;
    out[2] = out[3] = 0;
    if (record_ || (second & Cell::kSpillBit) != 0) [[unlikely]] {
      for (int i = Granule::kNear; i < Granule::kCells; i++)
        out[i] = far()[i - Granule::kNear].word.load(std::memory_order_relaxed);
    }
  }
  /// Rewrites the cells from `old` (what load() gave while `lock`, the lock
  /// that guards them, was held) to `now` (cells filled from the first),
  /// writing only those that change. The first cell keeps the lock bit if
  /// `lock` holds it; the second's bit 62 becomes the spill bit, set when
  /// more than kNear cells are now in use: spilling writes the far cells
  /// before it sets the bit.
  inline void rewrite(GranuleLock& lock, const uint64_t (&old)[Granule::kCells],
                      const uint64_t (&now)[Granule::kCells]) const;

 private:
  /// The cells after the near ones.
  Cell* far() const {
    return record_ ? near_ + Granule::kNear
                   : Shadow::far(*reinterpret_cast<const Granule*>(near_)).cells;
  }

  Cell* near_ = nullptr;
  bool record_ = false;
};

inline CellRef Shadow::cells_of(Granule* g) {
  switch (unit_state(g).load(std::memory_order_acquire)) {
    case UnitState::kFine:
      return CellRef(*g);
    case UnitState::kUniform:
      return CellRef(unit_cells(g));
    case UnitState::kRun:
      return CellRef(run_cells(g));
    case UnitState::kClean:
      break;
  }
  return CellRef();
}

inline bool Shadow::has_history(Granule* g) {
  const CellRef c = cells_of(g);
  // Cells fill from the first: the granule holds one iff its first does.
  return c && !Cell::empty(c.first().word.load(std::memory_order_relaxed));
}

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

/// Scoped lock of one granule or unit record (Cell::kLockBit of its first
/// cell). While it is held, the holder writes cells through store(), which
/// keeps the bit. A default-constructed one holds nothing until lock(); a
/// sweep over unit records moves one lock from group to group (see
/// Shadow::unit_lock).
class GranuleLock {
 public:
  GranuleLock() = default;
  template <class Cells>
  explicit GranuleLock(Cells& c) {
    lock(c);
  }
  ~GranuleLock() { unlock(); }
  GranuleLock(const GranuleLock&) = delete;
  GranuleLock& operator=(const GranuleLock&) = delete;

  /// Takes the lock of `c` (a Granule or UnitRecord); this must hold none.
  template <class Cells>
  void lock(Cells& c) {
    word_ = &c.cells[0].word;
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
  /// Whether this holds the lock of `c`.
  template <class Cells>
  bool holds(const Cells& c) const {
    return word_ == &c.cells[0].word;
  }
  /// Makes this hold the lock of `c`, releasing another one it holds.
  template <class Cells>
  void move_to(Cells& c) {
    if (holds(c)) return;
    unlock();
    lock(c);
  }

  /// Writes `c` (a cell the lock guards), keeping the lock.
  void store(Cell& c, uint64_t value) {
    if (&c.word == word_) value |= Cell::kLockBit;
    c.word.store(value, std::memory_order_relaxed);
  }

 private:
  std::atomic<uint64_t>* word_ = nullptr;
};

inline void CellRef::rewrite(GranuleLock& lock, const uint64_t (&old)[Granule::kCells],
                             const uint64_t (&now)[Granule::kCells]) const {
  // A granule is spilled exactly while its third cell counts and is full.
  const bool far_now = !Cell::empty(now[Granule::kNear]);
  const bool far_was = !Cell::empty(old[Granule::kNear]);
  if (record_ || far_now) [[unlikely]] {
    // A granule's far cells that start counting are all written (a reset
    // left them as they were); those that stop counting are left alone.
    for (int i = Granule::kNear; i < Granule::kCells; i++)
      if (now[i] != old[i] || (!record_ && !far_was))
        far()[i - Granule::kNear].word.store(now[i], std::memory_order_relaxed);
  }
  if (now[0] != old[0]) lock.store(near_[0], now[0]);
  if (now[1] != old[1] || (!record_ && far_now != far_was)) {
    const uint64_t spill = !record_ && far_now ? Cell::kSpillBit : 0;
    near_[1].word.store(now[1] | spill, std::memory_order_release);
  }
}

}  // namespace gorace::analyzer
