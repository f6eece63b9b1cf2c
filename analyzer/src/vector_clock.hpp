// VectorClock: a copy-on-write vector clock with one "hot" entry kept out of
// line. A goroutine's hot entry is its own (slot, epoch), so ticking is O(1);
// a sync object's clock released from a goroutine shares the goroutine's
// vector (S := G is O(1)) and copies only when one side later changes it.
#pragma once

#include <atomic>
#include <cstdint>

namespace gorace::analyzer {

/// Slot index meaning "none".
inline constexpr uint32_t kNoSlot = ~0u;

/// The shared, reference-counted entries of a clock. Immutable while
/// `refs` > 1; its unique owner may change it in place.
struct ClockData {
  std::atomic<uint32_t> refs;
  uint32_t size;       ///< entries in use; entries beyond are 0
  uint32_t capacity;   ///< entries allocated
  uint32_t epochs[1];  // flexible: `capacity` entries
};

class VectorClock {
 public:
  VectorClock() = default;
  ~VectorClock() { drop(); }
  VectorClock(const VectorClock& o) { assign(o); }
  VectorClock& operator=(const VectorClock& o) {
    if (this != &o) assign(o);
    return *this;
  }
  VectorClock(VectorClock&& o) noexcept
      : d_(o.d_), hot_slot_(o.hot_slot_), hot_epoch_(o.hot_epoch_) {
    o.d_ = nullptr;
    o.hot_slot_ = kNoSlot;
    o.hot_epoch_ = 0;
  }
  VectorClock& operator=(VectorClock&& o) noexcept;

  /// The epoch of `slot` this clock knows (0: nothing).
  uint32_t get(uint32_t slot) const {
    if (slot == hot_slot_) return hot_epoch_;
    return (d_ != nullptr && slot < d_->size) ? d_->epochs[slot] : 0;
  }
  /// Makes (slot, epoch) the hot entry (a goroutine's own). Any previous hot
  /// entry is folded into the vector first.
  void set_hot(uint32_t slot, uint32_t epoch);
  /// Sets the hot entry's epoch (the hot slot must be set).
  void set_hot_epoch(uint32_t epoch) { hot_epoch_ = epoch; }
  uint32_t hot_slot() const { return hot_slot_; }
  uint32_t hot_epoch() const { return hot_epoch_; }
  /// this := o (shares o's vector).
  void assign(const VectorClock& o);
  /// this ⊔= o. For a goroutine's clock the hot entry (its own) never moves.
  void join(const VectorClock& o);
  /// Raises entry `slot` to at least `epoch`.
  void raise(uint32_t slot, uint32_t epoch);
  /// Forgets everything.
  void clear() {
    drop();
    hot_slot_ = kNoSlot;
    hot_epoch_ = 0;
  }
  /// Number of vector entries (for tests and memory accounting).
  uint32_t size() const { return d_ ? d_->size : 0; }

 private:
  void drop();
  /// Makes d_ uniquely owned with room for `min_size` entries.
  void make_unique(uint32_t min_size);

  ClockData* d_ = nullptr;
  uint32_t hot_slot_ = kNoSlot;
  uint32_t hot_epoch_ = 0;
};

}  // namespace gorace::analyzer
