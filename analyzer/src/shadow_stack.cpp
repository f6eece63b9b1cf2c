#include "shadow_stack.hpp"

namespace gorace::analyzer {

ShadowStack::~ShadowStack() {
  delete first_;
  if (more_ == nullptr) return;
  for (uint32_t i = 0; i < kMaxSegments - 1; i++) delete more_[i];
  free_array(more_, kMaxSegments - 1);
}

FrameId* ShadowStack::enter_new_segment(uint32_t k) {
  if (k >= capacity_) return &scratch_;
  forget_prefixes_from(k);
  ensure_segment(k / kSegment);
  // prefix(k+1) lives in the same or the next segment; make sure it exists.
  ensure_segment((k + 1) / kSegment);
  const uint32_t slots = ((k + 1) / kSegment + 1) * kSegment;  // segments are made in order
  backed_ = slots < capacity_ ? slots : capacity_;
  slot(k) = nullptr;
  return &slot(k);
}

void ShadowStack::resume(const FrameId* slot) {
  const uint32_t recorded = depth_ < capacity_ ? depth_ : capacity_;
  for (uint32_t i = 0; i * kSegment < recorded; i++) {
    const FrameId* first = segment(i)->slots;
    if (slot < first || slot >= first + kSegment) continue;
    const uint32_t k = i * kSegment + static_cast<uint32_t>(slot - first);
    if (k >= recorded) return;  // left already
    depth_ = k + 1;
    // prefix(j) for j <= k depends on slots below k only: still valid.
    if (valid_ > k) valid_ = k;
    return;
  }
}

FrameId ShadowStack::innermost_call_site() const {
  if (depth_ == 0 || depth_ > capacity_) return nullptr;
  uint32_t k = depth_ - 1;
  return segment(k / kSegment)->slots[k % kSegment];
}

StackId ShadowStack::prefix_at(StackDepot& depot, uint32_t k) {
  if (k == 0) return 0;
  if (first_ == nullptr) return 0;
  while (valid_ < k) {
    uint32_t i = valid_ + 1;
    FrameId site = slot(i - 1);
    StackId below = i == 1 ? 0 : prefix(i - 1);
    prefix(i) = site ? depot.intern_cached(below, site) : below;
    valid_ = i;
  }
  return prefix(k);
}

StackId ShadowStack::stack_at(StackDepot& depot, FrameId pc) {
  uint32_t recorded = depth_ < capacity_ ? depth_ : capacity_;
  if (pc != nullptr) {
    StackId callers = recorded == 0 ? 0 : prefix_at(depot, recorded - 1);
    return depot.intern_cached(callers, pc);
  }
  if (recorded == 0) return 0;
  StackId callers = prefix_at(depot, recorded - 1);
  FrameId site = depth_ <= capacity_ ? slot(recorded - 1) : nullptr;
  return site ? depot.intern_cached(callers, site) : callers;
}

}  // namespace gorace::analyzer
