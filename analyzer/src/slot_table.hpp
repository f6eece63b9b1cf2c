// SlotTable: hands out clock slots to goroutines and remembers who owned
// each slot when, for reports.
//
// Invariant: a slot's epochs increase across owners (a new owner starts at
// the previous owner's last epoch + 1), so cells written by earlier owners
// stay comparable with every clock. Trade-off: the new owner's own entry
// covers its predecessors' epochs, so a race between a finished goroutine
// and the next owner of its slot (or a goroutine ordered after that owner
// only) is missed; a FIFO quarantine of `quarantine` freed slots makes such
// reuse happen only after many other goroutines finished.
//
// Every goroutine start and exit comes here, on any thread, so the table's
// lock guards only the free lists (a few instructions on lines that stay
// hot); a slot's owner history has its own lock, taken by the one goroutine
// being granted the slot and by reports.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <queue>
#include <vector>

#include "goroutine.hpp"
#include "spin_lock.hpp"

namespace gorace::analyzer {

class SlotTable {
 public:
  explicit SlotTable(uint32_t quarantine);
  ~SlotTable();
  SlotTable(const SlotTable&) = delete;
  SlotTable& operator=(const SlotTable&) = delete;

  struct Grant {
    uint32_t slot;
    uint32_t first_epoch;
  };
  /// A slot for `owner` (referenced by the history).
  Grant acquire(GInfo* owner);
  /// The owner of `slot` finished at `last_epoch`.
  void release(uint32_t slot, uint32_t last_epoch);
  /// The goroutine that owned `slot` at `epoch` (referenced; the caller
  /// unrefs), or null if forgotten.
  GInfo* owner_at(uint32_t slot, uint32_t epoch);

 private:
  static constexpr int kHistory = 4;
  /// `last_epoch` is written by the slot's owner at release and read by its
  /// next owner's grant: the slot passes through the free lists in between,
  /// under mu_, which orders the two. The owners (newest first: owner i
  /// is `owners[i]` from epoch `first_epochs[i]` on) are guarded by `lock`.
  /// One cache line: goroutines start and finish on different threads.
  struct alignas(64) SlotInfo {
    SpinLock lock;
    uint32_t last_epoch = 0;
    uint32_t first_epochs[kHistory] = {};
    GInfo* owners[kHistory] = {};
  };
  static_assert(sizeof(SlotInfo) == 64);
  /// Slot records live in chunks that never move, so a record is used
  /// without the table's lock while other slots are created.
  static constexpr uint32_t kChunkSlots = 1024;
  SlotInfo& info(uint32_t slot) {
    return chunks_[slot / kChunkSlots].load(std::memory_order_acquire)[slot % kChunkSlots];
  }
  /// Takes a free slot index (creating one if none is free).
  uint32_t take_slot();

  /// A FIFO of slot indices in a ring that grows by doubling (a deque
  /// allocated and freed a node every 128 exits).
  class Fifo {
   public:
    bool empty() const { return size_ == 0; }
    size_t size() const { return size_; }
    void push(uint32_t slot);
    uint32_t pop();

   private:
    std::vector<uint32_t> ring_;  ///< size a power of two, or empty
    size_t head_ = 0;             ///< index of the oldest entry
    size_t size_ = 0;
  };

  const uint32_t quarantine_;
  // A spin lock: a futex hand-off cost more than the short critical sections.
  SpinLock mu_;
  std::atomic<uint32_t> created_{0};  ///< slots [0, created_) exist; written under mu_
  Fifo quarantined_;                  ///< freed, oldest first; guarded by mu_
  /// Freed slots out of quarantine; the lowest is reused first, which keeps
  /// slot indices (and so dense clock vectors) compact. Guarded by mu_.
  std::priority_queue<uint32_t, std::vector<uint32_t>, std::greater<uint32_t>> ready_;
  std::vector<std::atomic<SlotInfo*>> chunks_;  ///< fixed size; entries set under mu_
};

}  // namespace gorace::analyzer
