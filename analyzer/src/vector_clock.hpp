// VectorClock: a copy-on-write vector clock with two entries kept out of
// line. A goroutine's "hot" entry is its own (slot, epoch), so ticking is
// O(1); the "aux" entry absorbs one more raised entry (e.g. the parent's
// epoch at `go`), so a child shares its parent's vector without copying it.
// A sync object's clock released from a goroutine shares the goroutine's
// vector (S := G is O(1)); a side copies only when it must change it.
//
// Joins skip a vector already joined: every vector carries a stamp, fresh on
// allocation and on every in-place change, and a clock remembers the stamp
// of the last vector it absorbed (clocks only grow, so it stays covered).
#pragma once

#include <atomic>
#include <cstdint>

namespace gorace::analyzer {

/// Slot index meaning "none".
inline constexpr uint32_t kNoSlot = ~0u;

/// The shared, reference-counted entries of a clock. Immutable while
/// `refs` > 1; its unique owner may change it in place (taking a new stamp).
struct ClockData {
  std::atomic<uint32_t> refs;
  uint32_t size;       ///< entries in use; entries beyond are 0
  uint32_t capacity;   ///< entries allocated
  uint64_t stamp;      ///< unique per content version
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
  VectorClock(VectorClock&& o) noexcept { steal(o); }
  VectorClock& operator=(VectorClock&& o) noexcept {
    if (this != &o) {
      drop();
      steal(o);
    }
    return *this;
  }

  /// The epoch of `slot` this clock knows (0: nothing).
  uint32_t get(uint32_t slot) const {
    uint32_t v = (d_ != nullptr && slot < d_->size) ? d_->epochs[slot] : 0;
    if (slot == hot_slot_ && hot_epoch_ > v) v = hot_epoch_;
    if (slot == aux_slot_ && aux_epoch_ > v) v = aux_epoch_;
    return v;
  }
  /// Makes (slot, epoch) the hot entry (a goroutine's own). Any previous hot
  /// entry is kept (raised into the aux entry or the vector).
  void set_hot(uint32_t slot, uint32_t epoch);
  /// Sets the hot entry's epoch (the hot slot must be set).
  void set_hot_epoch(uint32_t epoch) { hot_epoch_ = epoch; }
  uint32_t hot_slot() const { return hot_slot_; }
  uint32_t hot_epoch() const { return hot_epoch_; }
  /// this := o (shares o's vector).
  void assign(const VectorClock& o);
  /// this ⊔= o. The hot entry's slot never changes.
  void join(const VectorClock& o);
  /// Raises entry `slot` to at least `epoch`.
  void raise(uint32_t slot, uint32_t epoch);
  /// Moves the aux entry into the vector, so that a clock assigned from this
  /// one has its aux entry free (a child at `go` then shares the vector).
  void fold_aux();
  /// Forgets everything.
  void clear() {
    drop();
    hot_slot_ = aux_slot_ = kNoSlot;
    hot_epoch_ = aux_epoch_ = 0;
    joined_stamp_ = 0;
  }
  /// Number of vector entries (for tests and memory accounting).
  uint32_t size() const { return d_ ? d_->size : 0; }
  /// Whether this clock knows nothing.
  bool empty() const { return d_ == nullptr && hot_slot_ == kNoSlot && aux_slot_ == kNoSlot; }

 private:
  void drop();
  void steal(VectorClock& o);
  /// Makes d_ uniquely owned with room for `min_size` entries; the caller
  /// is about to change it (the vector takes a fresh stamp).
  void make_unique(uint32_t min_size);
  /// The first entry of `o` that raises this clock, or o.size.
  uint32_t first_raise(const ClockData& o) const;

  ClockData* d_ = nullptr;
  uint32_t hot_slot_ = kNoSlot;
  uint32_t hot_epoch_ = 0;
  uint32_t aux_slot_ = kNoSlot;
  uint32_t aux_epoch_ = 0;
  uint64_t joined_stamp_ = 0;  ///< this clock covers the vector with this stamp
};

}  // namespace gorace::analyzer
