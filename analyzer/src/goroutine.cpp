#include "goroutine.hpp"

#include "block_pool.hpp"

namespace gorace::analyzer {

const char* event_kind_name(EventKind k) {
  switch (k) {
    case EventKind::kAcquire:
      return "acquire";
    case EventKind::kRelease:
      return "release";
    case EventKind::kReleaseMerge:
      return "release_merge";
    case EventKind::kReleaseAcquire:
      return "release_acquire";
    case EventKind::kGo:
      return "go";
  }
  return "?";
}

void EventRing::push(EventKind kind, const char* what, uintptr_t object, uint32_t epoch,
                     FrameId where) {
  if (capacity_ == 0) return;
  Slot* slots = slots_.load(std::memory_order_acquire);
  if (slots == nullptr) {
    slots = make_array<Slot>(capacity_);
    slots_.store(slots, std::memory_order_release);
  }
  uint64_t n = count_.load(std::memory_order_relaxed);
  Slot& s = slots[n & (capacity_ - 1)];
  s.kind.store(static_cast<uint8_t>(kind), std::memory_order_relaxed);
  s.what.store(what, std::memory_order_relaxed);
  s.object.store(object, std::memory_order_relaxed);
  s.epoch.store(epoch, std::memory_order_relaxed);
  s.where.store(where, std::memory_order_relaxed);
  count_.store(n + 1, std::memory_order_release);
}

std::vector<EventRing::Event> EventRing::snapshot(uint32_t max_epoch) const {
  std::vector<Event> out;
  Slot* slots = slots_.load(std::memory_order_acquire);
  if (slots == nullptr) return out;
  uint64_t n = count_.load(std::memory_order_acquire);
  uint64_t first = n > capacity_ ? n - capacity_ : 0;
  for (uint64_t i = first; i < n; i++) {
    const Slot& s = slots[i & (capacity_ - 1)];
    Event e{static_cast<EventKind>(s.kind.load(std::memory_order_relaxed)),
            s.what.load(std::memory_order_relaxed), s.object.load(std::memory_order_relaxed),
            s.epoch.load(std::memory_order_relaxed), s.where.load(std::memory_order_relaxed)};
    if (e.epoch <= max_epoch) out.push_back(e);
  }
  return out;
}

EventRing::~EventRing() {
  if (Slot* slots = slots_.load(std::memory_order_relaxed)) free_array(slots, capacity_);
}

void GInfo::unref(GInfo* g) {
  while (g != nullptr && g->refs.fetch_sub(1, std::memory_order_acq_rel) == 1) {
    GInfo* parent = g->parent;
    delete g;
    g = parent;
  }
}

}  // namespace gorace::analyzer
