#include "vector_clock.hpp"

#include <cstdlib>
#include <cstring>
#include <new>

namespace gorace::analyzer {
namespace {

std::atomic<uint64_t> g_next_stamp{1};

/// A stamp no vector had before. Each thread takes them from the shared
/// counter a block at a time (a vector changes at every raise of a
/// goroutine's clock: one shared counter line bounced between threads).
uint64_t fresh_stamp() {
  constexpr uint64_t kBlock = 4096;
  thread_local uint64_t next = 0, end = 0;
  if (next == end) {
    next = g_next_stamp.fetch_add(kBlock, std::memory_order_relaxed);
    end = next + kBlock;
  }
  return next++;
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
  drop_delta();
  delta_ = o.delta_;
  o.delta_ = nullptr;
  d_ = o.d_;
  hot_slot_ = o.hot_slot_;
  hot_epoch_ = o.hot_epoch_;
  for (int i = 0; i < kAux; i++) aux_[i] = o.aux_[i];
  joined_stamp_ = o.joined_stamp_;
  o.d_ = nullptr;
  o.hot_slot_ = kNoSlot;
  o.hot_epoch_ = 0;
  for (Entry& e : o.aux_) e = Entry{};
  o.joined_stamp_ = 0;
}

void VectorClock::drop() {
  if (d_ != nullptr && d_->refs.fetch_sub(1, std::memory_order_acq_rel) == 1) std::free(d_);
  d_ = nullptr;
}

namespace {

/// Drops a reference to `delta` (null: none), freeing it with the last.
void unref(ClockDelta* delta) {
  if (delta != nullptr && delta->refs.fetch_sub(1, std::memory_order_acq_rel) == 1)
    std::free(delta);
}

}  // namespace

void VectorClock::drop_delta() {
  unref(delta_);
  delta_ = nullptr;
}

void VectorClock::set_in_vector(uint32_t slot, uint32_t epoch) {
  make_unique(slot + 1);
  d_->epochs[slot] = epoch;
}

void VectorClock::make_delta_unique() {
  if (delta_ != nullptr && delta_->refs.load(std::memory_order_acquire) == 1) return;
  auto* n = static_cast<ClockDelta*>(std::malloc(sizeof(ClockDelta)));
  if (n == nullptr) throw std::bad_alloc();
  new (&n->refs) std::atomic<uint32_t>(1);
  n->size = delta_ != nullptr ? delta_->size : 0;
  for (uint32_t i = 0; i < n->size; i++) n->entries[i] = delta_->entries[i];
  drop_delta();
  delta_ = n;
}

bool VectorClock::add_to_delta(uint32_t slot, uint32_t epoch) {
  if (delta_ != nullptr && delta_->size == ClockDelta::kCapacity) return false;
  make_delta_unique();
  delta_->entries[delta_->size++] = Entry{slot, epoch};
  return true;
}

void VectorClock::fold_delta() {
  if (delta_ == nullptr) return;
  ClockDelta* folded = delta_;
  delta_ = nullptr;
  for (uint32_t i = 0; i < folded->size; i++) {
    const Entry& e = folded->entries[i];
    if (e.epoch > get(e.slot)) set_in_vector(e.slot, e.epoch);
  }
  unref(folded);
}

void VectorClock::make_unique(uint32_t min_size) {
  make_own(min_size);
  d_->stamp = fresh_stamp();
}

void VectorClock::make_own(uint32_t min_size) {
  if (d_ != nullptr && d_->refs.load(std::memory_order_acquire) == 1 && d_->capacity >= min_size) {
    if (d_->size < min_size) {
      std::memset(&d_->epochs[d_->size], 0, sizeof(uint32_t) * (min_size - d_->size));
      d_->size = min_size;
    }
    return;
  }
  const uint32_t old_size = d_ ? d_->size : 0;
  const uint32_t size = old_size > min_size ? old_size : min_size;
  ClockData* n = allocate(size < 8 ? 8 : size + size / 2);
  if (old_size > 0) {
    std::memcpy(n->epochs, d_->epochs, sizeof(uint32_t) * old_size);
    n->stamp = d_->stamp;  // the same entries
  }
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
  if (o.delta_ != nullptr) o.delta_->refs.fetch_add(1, std::memory_order_relaxed);
  drop();
  drop_delta();
  d_ = o.d_;
  delta_ = o.delta_;
  hot_slot_ = o.hot_slot_;
  hot_epoch_ = o.hot_epoch_;
  for (int i = 0; i < kAux; i++) aux_[i] = o.aux_[i];
  joined_stamp_ = o.joined_stamp_;
}

void VectorClock::raise_elsewhere(uint32_t slot, uint32_t epoch) {
  // A slot the delta holds stays there (an aux entry for it too would
  // spend the room of another).
  if (delta_ != nullptr) {
    for (uint32_t i = 0; i < delta_->size; i++) {
      if (delta_->entries[i].slot != slot) continue;
      if (epoch > delta_->entries[i].epoch) {
        make_delta_unique();
        delta_->entries[i].epoch = epoch;
      }
      return;
    }
  }
  // Neither the hot entry, an aux entry nor the delta holds the slot: only
  // the vector may cover the epoch.
  if (d_ != nullptr && slot < d_->size && epoch <= d_->epochs[slot]) return;
  for (Entry& e : aux_) {
    if (e.slot == kNoSlot) {
      e = Entry{slot, epoch};
      return;
    }
  }
  // A short vector is cheaper to copy than a delta is to keep.
  if (d_ == nullptr || d_->size < kDeltaFromSize) {
    set_in_vector(slot, epoch);
    return;
  }
  if (add_to_delta(slot, epoch)) return;
  // The delta is full: its entries go to the vector (one copy of a shared
  // vector for all of them), and this one starts a new delta.
  fold_delta();
  add_to_delta(slot, epoch);
}

namespace {

// The entry loops below are written to vectorise; target_clones gives x86-64
// machines with AVX2 a version eight entries wide (dispatched once, at load).
// (Not under ThreadSanitizer, which cannot run the instrumented dispatcher
// before it initialises.)
#if defined(__x86_64__) && defined(__clang__)
#if !__has_feature(thread_sanitizer)
#define GORACE_CLOCK_LOOP __attribute__((target_clones("avx2", "default")))
#endif
#endif
#ifndef GORACE_CLOCK_LOOP
#define GORACE_CLOCK_LOOP
#endif

/// The first i in [from, n) with src[i] > dst[i], or n.
GORACE_CLOCK_LOOP uint32_t first_greater(const uint32_t* src, const uint32_t* dst, uint32_t from,
                                         uint32_t n) {
  constexpr uint32_t kBlock = 32;
  uint32_t i = from;
  for (; i + kBlock <= n; i += kBlock) {
    uint32_t any = 0;
    for (uint32_t k = 0; k < kBlock; k++) any |= src[i + k] > dst[i + k] ? 1u : 0u;
    if (any != 0) break;
  }
  for (; i < n; i++)
    if (src[i] > dst[i]) return i;
  return n;
}

/// The first i in [from, n) with src[i] != 0, or n.
GORACE_CLOCK_LOOP uint32_t first_nonzero(const uint32_t* src, uint32_t from, uint32_t n) {
  constexpr uint32_t kBlock = 32;
  uint32_t i = from;
  for (; i + kBlock <= n; i += kBlock) {
    uint32_t any = 0;
    for (uint32_t k = 0; k < kBlock; k++) any |= src[i + k];
    if (any != 0) break;
  }
  for (; i < n; i++)
    if (src[i] != 0) return i;
  return n;
}

/// dst[i] = max(dst[i], src[i]) for i in [from, n).
GORACE_CLOCK_LOOP void max_into(uint32_t* __restrict dst, const uint32_t* __restrict src,
                                uint32_t from, uint32_t n) {
  for (uint32_t i = from; i < n; i++) dst[i] = dst[i] > src[i] ? dst[i] : src[i];
}

}  // namespace

uint32_t VectorClock::first_raise(const ClockData& o) const {
  const uint32_t n = o.size;
  const uint32_t* src = o.epochs;
  const uint32_t shared = d_ == nullptr ? 0 : (d_->size < n ? d_->size : n);
  // Entries the raw vectors disagree on may still be covered by the hot or
  // an aux entry: check each candidate exactly.
  uint32_t i = 0;
  while ((i = first_greater(src, d_ ? d_->epochs : nullptr, i, shared)) < shared) {
    if (src[i] > get(i)) return i;
    i++;
  }
  while ((i = first_nonzero(src, i, n)) < n) {
    if (src[i] > get(i)) return i;
    i++;
  }
  return n;
}

void VectorClock::join(const VectorClock& o) {
  if (empty()) {
    assign(o);
    return;
  }
  if (o.d_ != nullptr && o.d_ != d_ && o.d_->stamp != joined_stamp_) {
    // Copy (or take a fresh stamp) only when an entry is raised.
    if (uint32_t i = first_raise(*o.d_); i < o.d_->size) {
      make_unique(o.d_->size);
      max_into(d_->epochs, o.d_->epochs, i, o.d_->size);
    }
    joined_stamp_ = o.d_->stamp;
  }
  raise_entries(o.hot_slot_, o.hot_epoch_, o.aux_, o.delta_ != delta_ ? o.delta_ : nullptr);
}

[[gnu::always_inline]] inline void VectorClock::raise_entries(uint32_t hot_slot, uint32_t hot_epoch,
                                                              const Entry* aux,
                                                              const ClockDelta* delta) {
  if (hot_slot != kNoSlot) raise(hot_slot, hot_epoch);
  for (int i = 0; i < kAux && aux[i].slot != kNoSlot; i++)  // taken in order
    raise(aux[i].slot, aux[i].epoch);
  if (delta != nullptr) {
    for (uint32_t i = 0; i < delta->size; i++)
      raise(delta->entries[i].slot, delta->entries[i].epoch);
  }
}

void VectorClock::release_acquire(VectorClock& g) {
  const bool one_vector = d_ != nullptr && d_ == g.d_;
  if (!one_vector && !exchanges_in_place(g)) {
    VectorClock old = std::move(*this);
    assign(g);
    g.join(old);
    return;
  }
  // This clock takes g's out-of-line entries, and g is raised to the ones
  // it had. The vectors are one, or are exchanged entry by entry.
  const uint32_t old_hot_slot = hot_slot_, old_hot_epoch = hot_epoch_;
  Entry old_aux[kAux];
  for (int i = 0; i < kAux; i++) old_aux[i] = aux_[i];
  ClockDelta* old_delta = delta_;  // this clock's reference, dropped below
  if (g.delta_ != nullptr) g.delta_->refs.fetch_add(1, std::memory_order_relaxed);
  delta_ = g.delta_;
  hot_slot_ = g.hot_slot_;
  hot_epoch_ = g.hot_epoch_;
  for (int i = 0; i < kAux; i++) aux_[i] = g.aux_[i];
  joined_stamp_ = g.joined_stamp_;
  if (!one_vector) exchange_vectors(g);
  g.raise_entries(old_hot_slot, old_hot_epoch, old_aux,
                  old_delta != g.delta_ ? old_delta : nullptr);
  unref(old_delta);
}

bool VectorClock::exchanges_in_place(const VectorClock& g) const {
  return d_ != nullptr && g.d_ != nullptr && d_->size <= kExchangedUpTo &&
         g.d_->size <= kExchangedUpTo;
}

namespace {

/// Exchanges the n entries of `sync` and `mine`: sync[i] = mine[i] and
/// mine[i] = max(mine[i], sync[i] as it was). Returns whether any mine[i]
/// rose.
GORACE_CLOCK_LOOP bool exchange_entries(uint32_t* __restrict sync, uint32_t* __restrict mine,
                                        uint32_t n) {
  uint32_t rose = 0;
  for (uint32_t i = 0; i < n; i++) {
    const uint32_t was = sync[i];
    const uint32_t own = mine[i];
    sync[i] = own;
    rose |= was > own ? 1u : 0u;
    mine[i] = was > own ? was : own;
  }
  return rose != 0;
}

}  // namespace

void VectorClock::exchange_vectors(VectorClock& g) {
  const uint32_t n = size() > g.size() ? size() : g.size();
  // This vector is rewritten: a shared one is copied first (then
  // dropped), as make_own() does, and the exchange takes them as they are.
  make_own(n);
  g.make_own(n);
  const uint64_t g_stamp = g.d_->stamp;
  if (exchange_entries(d_->epochs, g.d_->epochs, n)) g.d_->stamp = fresh_stamp();
  // This vector now holds g's entries as they were: the same content, so
  // the same stamp.
  d_->stamp = g_stamp;
}

void VectorClock::fold_aux() {
  fold_delta();
  uint32_t top = 0;
  for (const Entry& e : aux_)
    if (e.slot != kNoSlot && e.slot + 1 > top) top = e.slot + 1;
  if (top == 0) return;
  Entry folded[kAux];
  for (int i = 0; i < kAux; i++) folded[i] = aux_[i];
  for (Entry& e : aux_) e = Entry{};
  make_unique(top);
  for (const Entry& e : folded)
    if (e.slot != kNoSlot && d_->epochs[e.slot] < e.epoch) d_->epochs[e.slot] = e.epoch;
}

}  // namespace gorace::analyzer
