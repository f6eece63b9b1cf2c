// ShadowStack: a goroutine's call stack as seen by the instrumentation.
// Frame k owns call-site slot k: before each call, instrumented code stores
// the call's position there, so the stack of an access in the innermost
// frame d-1 is its own position plus slots d-2 ... 0. Slots live in
// fixed-size segments allocated on demand and never moved (a slot address
// stays valid until its frame exits). Frames deeper than the capacity get a
// scratch slot and are not recorded, keeping enter/exit balanced.
//
// Interned prefixes: prefix(k) is the depot id of slots[0..k-1], computed
// lazily and reused until a frame at depth <= k is entered again.
#pragma once

#include <cstdint>

#include "block_pool.hpp"
#include "gorace/analyzer/engine.hpp"
#include "stack_depot.hpp"

namespace gorace::analyzer {

class ShadowStack {
 public:
  static constexpr uint32_t kSegment = 8;  // a 96-byte segment (a 128-byte pool block)
  static constexpr uint32_t kMaxSegments = 128;

  explicit ShadowStack(uint32_t capacity)
      : capacity_(capacity < kSegment * (kMaxSegments - 1) ? capacity
                                                           : kSegment * (kMaxSegments - 1)) {}
  ~ShadowStack();
  ShadowStack(const ShadowStack&) = delete;
  ShadowStack& operator=(const ShadowStack&) = delete;

  /// Enters a frame; returns its call-site slot.
  FrameId* enter() {
    const uint32_t k = depth_++;
    if (k + 1 >= backed_) [[unlikely]]
      return enter_new_segment(k);
    forget_prefixes_from(k);
    FrameId& site = slot(k);
    site = nullptr;
    return &site;
  }
  /// Leaves the innermost frame (no-op when empty).
  void exit() {
    if (depth_ > 0) depth_--;
  }
  /// Makes the frame whose call-site slot is `slot` the innermost, leaving
  /// those above it (a longjmp skipped their exits). No-op for a slot that
  /// is not a recorded frame's (the scratch slot, or one already left).
  void resume(const FrameId* slot);
  /// Frames entered and not exited (including unrecorded deep ones).
  uint32_t depth() const { return depth_; }
  /// The depot id of the current stack plus `pc`; null pc means "plus the
  /// innermost frame's current call site" (a runtime call from user code).
  StackId stack_at(StackDepot& depot, FrameId pc);
  /// The depot id of `frame` called from stack `parent`.
  StackId intern_above(StackDepot& depot, StackId parent, FrameId frame) {
    return depot.intern_cached(parent, frame);
  }
  /// The innermost frame's current call site (null if none).
  FrameId innermost_call_site() const;

 private:
  struct Segment : Pooled {
    FrameId slots[kSegment] = {};
    StackId prefix[kSegment] = {};
  };
  /// Segment `i` (null until made): the first is held here, the others in
  /// an array made with the second (most goroutines never need it).
  Segment*& segment(uint32_t i) { return i == 0 ? first_ : more_[i - 1]; }
  Segment* segment(uint32_t i) const { return i == 0 ? first_ : more_[i - 1]; }
  /// Makes segment `i` exist.
  void ensure_segment(uint32_t i) {
    if (i > 0 && more_ == nullptr) more_ = make_array<Segment*>(kMaxSegments - 1);
    Segment*& s = segment(i);
    if (s == nullptr) s = new Segment;
  }
  /// enter() for frame k when slot k or k+1 may have no segment yet (or k
  /// is past the capacity).
  FrameId* enter_new_segment(uint32_t k);
  /// Accesses in frame k use prefix(k), which depends on slot k-1: the
  /// caller may have stored a new call site there since it was computed.
  void forget_prefixes_from(uint32_t k) {
    const uint32_t still_valid = k == 0 ? 0 : k - 1;
    if (valid_ > still_valid) valid_ = still_valid;
  }
  FrameId& slot(uint32_t k) { return segment(k / kSegment)->slots[k % kSegment]; }
  StackId& prefix(uint32_t k) { return segment(k / kSegment)->prefix[k % kSegment]; }
  /// Makes prefix(k) valid (k <= recorded depth) and returns it.
  StackId prefix_at(StackDepot& depot, uint32_t k);

  uint32_t capacity_;
  uint32_t depth_ = 0;
  uint32_t valid_ = 0;  ///< prefix(0..valid_) are valid; prefix(0) = 0 always
  /// Slots [0, backed_) have segments (they are made in order), backed_ <=
  /// capacity_: enter() of a frame below backed_ - 1 needs no new segment.
  uint32_t backed_ = 0;
  FrameId scratch_ = nullptr;
  /// Made on demand, in order; segments never move.
  Segment* first_ = nullptr;
  Segment** more_ = nullptr;  ///< kMaxSegments - 1 entries, once a second segment is made
};

}  // namespace gorace::analyzer
