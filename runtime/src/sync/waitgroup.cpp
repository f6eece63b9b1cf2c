// WaitGroup's counter protocol (see gor/waitgroup.hpp).
#include "gor/waitgroup.hpp"

#include "sync/sync_panic.hpp"

namespace gor {
namespace {

int32_t counter_of(uint64_t state) {
  return static_cast<int32_t>(state >> 32);
}
uint32_t waiters_of(uint64_t state) {
  return static_cast<uint32_t>(state);
}

}  // namespace

void WaitGroup::add(int delta) {
  detail::sched_point();  // deterministic mode: the strategy may switch here
  if (delta < 0) detail::race::release_merge(this, "gor::WaitGroup::done");
  const uint64_t step = static_cast<uint64_t>(static_cast<int64_t>(delta)) << 32;
  const uint64_t state = state_.fetch_add(step) + step;
  const int32_t counter = counter_of(state);
  const uint32_t waiters = waiters_of(state);
  if (delta > 0 && counter == delta) {
    // A transition from zero must be ordered with wait() (several such
    // transitions may run concurrently, so it is a read, wait's a write).
    detail::race::read(&sema_, 1, "gor::WaitGroup::add");
  }
  if (counter < 0) detail::sync_panic("sync: negative WaitGroup counter");
  if (waiters != 0 && delta > 0 && counter == delta) {
    detail::sync_panic("sync: WaitGroup misuse: Add called concurrently with Wait");
  }
  if (counter > 0 || waiters == 0) return;
  // The counter reached zero with waiters parked: no add() may run now, and
  // the state cannot change under us except by misuse.
  if (state_.load() != state) {
    detail::sync_panic("sync: WaitGroup misuse: Add called concurrently with Wait");
  }
  state_.store(0);
  for (uint32_t i = 0; i < waiters; ++i) sema_.release(false);
}

void WaitGroup::wait() {
  detail::sched_point();  // deterministic mode: the strategy may switch here
  uint64_t state = state_.load();
  for (;;) {
    if (counter_of(state) == 0) {
      detail::race::acquire(this, "gor::WaitGroup::wait");
      return;
    }
    if (state_.compare_exchange_weak(state, state + 1)) {
      if (waiters_of(state) == 0) detail::race::write(&sema_, 1, "gor::WaitGroup::wait");
      sema_.acquire(false, detail::WaitReason::kWaitGroup);
      if (state_.load() != 0) {
        detail::sync_panic("sync: WaitGroup is reused before previous Wait has returned");
      }
      detail::race::acquire(this, "gor::WaitGroup::wait");
      return;
    }
  }
}

}  // namespace gor
