// VectorClock: a copy-on-write vector clock with entries kept out of line.
// A goroutine's "hot" entry is its own (slot, epoch), so ticking is O(1);
// the kAux "aux" entries absorb a few more raised entries (the parent's
// epoch at `go`, the peers a goroutine keeps exchanging with: a select over
// two senders), so a child shares its parent's vector without copying it,
// and a clock whose vector is shared (released into sync objects) is not
// copied every time a peer's epoch rises.
// Past the aux entries, a clock whose vector is long (kDeltaFromSize
// entries or more) keeps up to ClockDelta::kCapacity more raised entries
// in a shared "delta", copied on write like the vector but a few words
// long. A program that ran many goroutines has vectors thousands of
// entries long; goroutines exchanging with a handful of peers (Pipeline's
// producer, workers and collector) keep sharing their parent's vector and
// copy the delta instead.
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

/// An entry kept out of the vector: (slot, epoch).
struct ClockEntry {
  uint32_t slot = kNoSlot;
  uint32_t epoch = 0;
};

/// A clock's shared, reference-counted delta entries (see above), a slot at
/// most once. Immutable while `refs` > 1.
struct ClockDelta {
  static constexpr uint32_t kCapacity = 6;
  std::atomic<uint32_t> refs;
  uint32_t size;  ///< entries in use
  ClockEntry entries[kCapacity];
};

class VectorClock {
 public:
  VectorClock() = default;
  ~VectorClock() {
    drop();
    drop_delta();
  }
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
    for (const Entry& e : aux_)
      if (e.slot == slot && e.epoch > v) v = e.epoch;
    if (delta_ != nullptr) {
      for (uint32_t i = 0; i < delta_->size; i++)
        if (delta_->entries[i].slot == slot && delta_->entries[i].epoch > v)
          v = delta_->entries[i].epoch;
    }
    return v;
  }
  /// Makes (slot, epoch) the hot entry (a goroutine's own). Any previous hot
  /// entry is kept (raised into an aux entry or the vector).
  void set_hot(uint32_t slot, uint32_t epoch);
  /// Sets the hot entry's epoch (the hot slot must be set).
  void set_hot_epoch(uint32_t epoch) { hot_epoch_ = epoch; }
  uint32_t hot_slot() const { return hot_slot_; }
  uint32_t hot_epoch() const { return hot_epoch_; }
  /// this := o (shares o's vector).
  void assign(const VectorClock& o);
  /// this ⊔= o. The hot entry's slot never changes.
  void join(const VectorClock& o);
  /// A release-acquire on this sync object's clock by a goroutine's clock
  /// `g`: this := g, then g ⊔= this clock's old value. When both already
  /// share one vector (two goroutines that only ever exchange with each
  /// other keep their parent's), only the out-of-line entries move: no
  /// reference count of the vector changes hands between the two
  /// goroutines' threads (a delta's does, when they have one). Distinct
  /// vectors of up to kExchangedUpTo entries are exchanged entry by entry,
  /// each side keeping its own (no allocation once both are long enough).
  void release_acquire(VectorClock& g);
  /// Raises entry `slot` to at least `epoch`.
  void raise(uint32_t slot, uint32_t epoch) {
    if (slot == hot_slot_) {
      if (epoch > hot_epoch_) hot_epoch_ = epoch;
      return;
    }
    for (Entry& e : aux_) {
      if (e.slot == slot) {
        if (epoch > e.epoch) e.epoch = epoch;
        return;
      }
    }
    raise_elsewhere(slot, epoch);
  }
  /// Moves the aux and delta entries into the vector, so that a clock
  /// assigned from this one has them free (a child at `go` then shares the
  /// vector, with room out of line for the peers it will exchange with).
  void fold_aux();
  /// Forgets everything.
  void clear() {
    drop();
    drop_delta();
    hot_slot_ = kNoSlot;
    hot_epoch_ = 0;
    for (Entry& e : aux_) e = Entry{};
    joined_stamp_ = 0;
  }
  /// Number of vector entries (for tests and memory accounting).
  uint32_t size() const { return d_ ? d_->size : 0; }
  /// Whether this clock knows nothing.
  bool empty() const {
    if (d_ != nullptr || hot_slot_ != kNoSlot || delta_ != nullptr) return false;
    for (const Entry& e : aux_)
      if (e.slot != kNoSlot) return false;
    return true;
  }

 private:
  void drop();
  void drop_delta();
  void steal(VectorClock& o);
  /// Makes delta_ exist and be uniquely owned; the caller is about to
  /// change it.
  void make_delta_unique();
  /// raise() for a slot that is neither the hot one nor in an aux entry.
  void raise_elsewhere(uint32_t slot, uint32_t epoch);
  /// Adds (slot, epoch) to the delta, which does not hold `slot`; returns
  /// false (changing nothing) when it is full.
  bool add_to_delta(uint32_t slot, uint32_t epoch);
  /// Moves the delta's entries into the vector.
  void fold_delta();
  /// Sets entry `slot` of the vector (made unique) to `epoch`.
  void set_in_vector(uint32_t slot, uint32_t epoch);
  /// Makes d_ uniquely owned with room for `min_size` entries; the caller
  /// is about to change it (the vector takes a fresh stamp).
  void make_unique(uint32_t min_size);
  /// Makes d_ uniquely owned, its size at least `min_size` (zero entries
  /// added); its entries and stamp stay as they were.
  void make_own(uint32_t min_size);
  /// Whether release_acquire(g) exchanges two distinct vectors entry by
  /// entry: both are at most kExchangedUpTo entries long. A clock without
  /// a vector shares g's (two goroutines that exchange only with each other
  /// then keep one vector).
  bool exchanges_in_place(const VectorClock& g) const;
  /// release_acquire's vector part: this vector := g's, g's ⊔= this one's
  /// old entries, in this clock's own vector (reused when it is unshared
  /// and long enough) and g's made unique. No vector is shared after.
  void exchange_vectors(VectorClock& g);
  /// The first entry of `o` that raises this clock, or o.size.
  uint32_t first_raise(const ClockData& o) const;

  ClockData* d_ = nullptr;
  uint32_t hot_slot_ = kNoSlot;
  uint32_t hot_epoch_ = 0;
  /// An out-of-line entry; a slot is in at most one aux entry, and aux
  /// entries are taken in order (a free entry has no used one after it).
  using Entry = ClockEntry;
  static constexpr int kAux = 2;
  /// Vectors shorter than this take raised entries themselves, not a delta.
  static constexpr uint32_t kDeltaFromSize = 128;
  /// A release-acquire copies vectors up to this long between a goroutine
  /// and a sync object (a buffered channel's slot) rather than sharing one:
  /// each side then changes its own in place, with no allocation, where a
  /// shared vector was copied by the next raise of either side.
  static constexpr uint32_t kExchangedUpTo = 256;
  /// Raises this clock to another clock's out-of-line entries (`aux`: kAux
  /// of them, and `delta`, which may be null); its vector part is joined
  /// separately.
  void raise_entries(uint32_t hot_slot, uint32_t hot_epoch, const Entry* aux,
                     const ClockDelta* delta);
  Entry aux_[kAux];
  uint64_t joined_stamp_ = 0;    ///< this clock covers the vector with this stamp
  ClockDelta* delta_ = nullptr;  ///< referenced; null: no delta entries
};

}  // namespace gorace::analyzer
