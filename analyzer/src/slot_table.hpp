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
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <queue>
#include <vector>

#include "goroutine.hpp"
#include "spin_lock.hpp"

namespace gorace::analyzer {

class SlotTable {
 public:
  explicit SlotTable(uint32_t quarantine) : quarantine_(quarantine) {}
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
  struct Owner {
    uint32_t first_epoch = 0;
    GInfo* info = nullptr;
  };
  struct SlotInfo {
    uint32_t last_epoch = 0;
    Owner owners[kHistory];  ///< newest first
  };
  Grant acquire_locked(GInfo* owner, GInfo*& forgotten);

  const uint32_t quarantine_;
  // A spin lock: every goroutine start and exit takes it, on any thread, and
  // a futex hand-off cost more than the short critical sections.
  mutable SpinLock mu_;
  std::vector<SlotInfo> slots_;
  std::deque<uint32_t> quarantined_;  ///< freed, oldest first
  /// Freed slots out of quarantine; the lowest is reused first, which keeps
  /// slot indices (and so dense clock vectors) compact.
  std::priority_queue<uint32_t, std::vector<uint32_t>, std::greater<uint32_t>> ready_;
};

}  // namespace gorace::analyzer
