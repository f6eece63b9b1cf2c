#include "vector_clock.hpp"

#include <cstdlib>
#include <cstring>
#include <new>

namespace gorace::analyzer {
namespace {

std::atomic<uint64_t> g_next_stamp{1};

uint64_t fresh_stamp() {
  return g_next_stamp.fetch_add(1, std::memory_order_relaxed);
}

ClockData* allocate(uint32_t capacity) {
  size_t bytes = sizeof(ClockData) + sizeof(uint32_t) * (capacity > 0 ? capacity - 1 : 0);
  auto* d = static_cast<ClockData*>(std::malloc(bytes));
  if (d == nullptr) throw std::bad_alloc();
  new (&d->refs) std::atomic<uint32_t>(1);
  d->size = 0;
  d->capacity = capacity;
  d->stamp = fresh_stamp();
  return d;
}

}  // namespace

void VectorClock::steal(VectorClock& o) {
  d_ = o.d_;
  hot_slot_ = o.hot_slot_;
  hot_epoch_ = o.hot_epoch_;
  aux_slot_ = o.aux_slot_;
  aux_epoch_ = o.aux_epoch_;
  joined_stamp_ = o.joined_stamp_;
  o.d_ = nullptr;
  o.hot_slot_ = o.aux_slot_ = kNoSlot;
  o.hot_epoch_ = o.aux_epoch_ = 0;
  o.joined_stamp_ = 0;
}

void VectorClock::drop() {
  if (d_ != nullptr && d_->refs.fetch_sub(1, std::memory_order_acq_rel) == 1) std::free(d_);
  d_ = nullptr;
}

void VectorClock::make_unique(uint32_t min_size) {
  if (d_ != nullptr && d_->refs.load(std::memory_order_acquire) == 1 && d_->capacity >= min_size) {
    if (d_->size < min_size) {
      std::memset(&d_->epochs[d_->size], 0, sizeof(uint32_t) * (min_size - d_->size));
      d_->size = min_size;
    }
    d_->stamp = fresh_stamp();
    return;
  }
  uint32_t old_size = d_ ? d_->size : 0;
  uint32_t size = old_size > min_size ? old_size : min_size;
  uint32_t capacity = size < 8 ? 8 : size + size / 2;
  ClockData* n = allocate(capacity);
  if (old_size > 0) std::memcpy(n->epochs, d_->epochs, sizeof(uint32_t) * old_size);
  std::memset(&n->epochs[old_size], 0, sizeof(uint32_t) * (size - old_size));
  n->size = size;
  drop();
  d_ = n;
}

void VectorClock::set_hot(uint32_t slot, uint32_t epoch) {
  if (hot_slot_ != kNoSlot && hot_slot_ != slot && hot_epoch_ > 0) {
    uint32_t old_slot = hot_slot_;
    hot_slot_ = kNoSlot;
    raise(old_slot, hot_epoch_);
  }
  hot_slot_ = slot;
  hot_epoch_ = epoch;
}

void VectorClock::assign(const VectorClock& o) {
  if (o.d_ != nullptr) o.d_->refs.fetch_add(1, std::memory_order_relaxed);
  drop();
  d_ = o.d_;
  hot_slot_ = o.hot_slot_;
  hot_epoch_ = o.hot_epoch_;
  aux_slot_ = o.aux_slot_;
  aux_epoch_ = o.aux_epoch_;
  joined_stamp_ = o.joined_stamp_;
}

void VectorClock::raise(uint32_t slot, uint32_t epoch) {
  if (slot == hot_slot_) {
    if (epoch > hot_epoch_) hot_epoch_ = epoch;
    return;
  }
  if (slot == aux_slot_) {
    if (epoch > aux_epoch_) aux_epoch_ = epoch;
    return;
  }
  if (epoch <= get(slot)) return;
  if (aux_slot_ == kNoSlot) {
    aux_slot_ = slot;
    aux_epoch_ = epoch;
    return;
  }
  make_unique(slot + 1);
  d_->epochs[slot] = epoch;
}

void VectorClock::join(const VectorClock& o) {
  if (empty()) {
    assign(o);
    return;
  }
  if (o.d_ != nullptr && o.d_ != d_ && o.d_->stamp != joined_stamp_) {
    const uint32_t n = o.d_->size;
    const uint32_t* src = o.d_->epochs;
    uint32_t i = 0;
    // Find the first entry that raises this clock; copy only if one does.
    for (; i < n; i++)
      if (src[i] > get(i)) break;
    if (i < n) {
      make_unique(n);
      uint32_t* dst = d_->epochs;
      for (; i < n; i++)
        if (src[i] > dst[i]) dst[i] = src[i];
    }
    joined_stamp_ = o.d_->stamp;
  }
  if (o.hot_slot_ != kNoSlot) raise(o.hot_slot_, o.hot_epoch_);
  if (o.aux_slot_ != kNoSlot) raise(o.aux_slot_, o.aux_epoch_);
}

}  // namespace gorace::analyzer
