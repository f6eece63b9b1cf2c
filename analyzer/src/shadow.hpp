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
// Each chunk ends with a bitmap of its dirty shadow pages (a cell was
// written there since the page was last cleared), so resetting a range
// (a recycled goroutine stack, a new heap block) touches only pages that
// hold history and never faults in untouched ones.
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
/// Invariants: written only under the granule's lock, except that an empty
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
  static uint64_t identity(uint32_t epoch, uint32_t slot) {
    return uint64_t{epoch} | (uint64_t{slot} << kSlotShift);
  }
  static uint64_t pack(uint32_t epoch, uint32_t slot, uint8_t mask, bool write, bool atomic) {
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
  /// Whether `g` may hold a cell (its page is dirty and a cell is set).
  bool has_history(const Granule* g) const {
    // Cells fill from the first: the granule holds one iff its first does.
    return maybe_dirty(g) && !Cell::empty(g->cells[0].word.load(std::memory_order_relaxed));
  }
  /// Clears the cells of every granule overlapping [addr, addr+size).
  void reset(uintptr_t addr, size_t size);
  /// Records that a cell of `g` (a granule of this shadow) is written.
  void mark_dirty(Granule* g) {
    auto a = reinterpret_cast<uintptr_t>(g);
    std::atomic<uint64_t>& word = dirty_word(a);
    uint64_t bit = uint64_t{1} << ((page_in_chunk(a)) & 63);
    if ((word.load(std::memory_order_relaxed) & bit) == 0)
      word.fetch_or(bit, std::memory_order_relaxed);
  }
  /// Whether the shadow page holding `g` may hold history.
  bool maybe_dirty(const Granule* g) const {
    auto a = reinterpret_cast<uintptr_t>(g);
    return (dirty_word(a).load(std::memory_order_relaxed) >> (page_in_chunk(a) & 63)) & 1;
  }

 private:
  static constexpr unsigned kAddressBits = 47;
  static constexpr unsigned kChunkBits = 20;  // granules per chunk: 8 MiB of app memory
  static constexpr uintptr_t kGranules = uintptr_t{1} << (kAddressBits - 3);
  static constexpr size_t kL1Entries = size_t{1} << (kAddressBits - 3 - kChunkBits);

  Granule* map_chunk(size_t index);
  static constexpr size_t kShadowPage = 4096;
  static constexpr size_t kChunkBytes = sizeof(Granule) << kChunkBits;
  static constexpr size_t kChunkPages = kChunkBytes / kShadowPage;
  // Chunks are kChunkBytes-aligned, so a granule's chunk start and page
  // index follow from its address; the bitmap follows the cells.
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

/// A pause hint for spin loops.
inline void cpu_relax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  asm volatile("yield");
#endif
}

/// Scoped lock of one granule (Cell::kLockBit of its first cell). While it
/// is held, the holder writes cells through store(), which keeps the bit.
class GranuleLock {
 public:
  explicit GranuleLock(Granule& g) : word_(g.cells[0].word) {
    int spins = 0;
    while (word_.fetch_or(Cell::kLockBit, std::memory_order_acquire) & Cell::kLockBit) {
      while (word_.load(std::memory_order_relaxed) & Cell::kLockBit) {
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
  // Only the holder changes the word while the bit is set (a contender's
  // fetch_or leaves it unchanged), so a plain store releases the lock.
  ~GranuleLock() {
    word_.store(word_.load(std::memory_order_relaxed) & ~Cell::kLockBit, std::memory_order_release);
  }
  GranuleLock(const GranuleLock&) = delete;
  GranuleLock& operator=(const GranuleLock&) = delete;

  /// Writes `c` (a cell of the locked granule), keeping the lock.
  void store(Cell& c, uint64_t value) {
    if (&c.word == &word_) value |= Cell::kLockBit;
    c.word.store(value, std::memory_order_relaxed);
  }

 private:
  std::atomic<uint64_t>& word_;
};

}  // namespace gorace::analyzer
