// Mutex's contended paths: spinning, parking, starvation mode (the design of
// Go's sync.Mutex: waiters compete with newly arriving goroutines, which is
// fast because a running goroutine needs no context switch; a waiter that
// lost for over 1 ms makes the mutex hand itself off in FIFO order).
#include "gor/mutex.hpp"

#include "sync/spin.hpp"

namespace gor {
namespace {

constexpr int64_t kStarvationNs = 1'000'000;

}  // namespace

void Mutex::lock_slow() {
  int64_t wait_start = 0;  // when this goroutine first parked (0: not yet)
  bool starving = false;   // this goroutine waited over kStarvationNs
  bool awoke = false;      // we own the kWoken bit
  int spins = 0;
  int32_t old = state_.load(std::memory_order_relaxed);
  for (;;) {
    // Spin while the holder may release soon: only in normal mode (in
    // starvation mode the lock goes to the first waiter anyway).
    if ((old & (kLocked | kStarving)) == kLocked && detail::sync_can_spin(spins)) {
      // Claim kWoken so unlock does not wake a parked waiter while we spin.
      if (!awoke && (old & kWoken) == 0 && (old >> kWaiterShift) != 0 &&
          state_.compare_exchange_strong(old, old | kWoken)) {
        awoke = true;
      }
      detail::sync_spin();
      ++spins;
      old = state_.load(std::memory_order_relaxed);
      continue;
    }
    int32_t next = old;
    if ((old & kStarving) == 0) next |= kLocked;  // never grab a starving mutex
    if ((old & (kLocked | kStarving)) != 0) next += 1 << kWaiterShift;
    // Switch to starvation mode only while the mutex is held: an unlocked
    // starving mutex with no waiter would never leave the mode.
    if (starving && (old & kLocked) != 0) next |= kStarving;
    if (awoke) {
      if ((next & kWoken) == 0) detail::fatal("sync: inconsistent mutex state");
      next &= ~kWoken;
    }
    if (!state_.compare_exchange_strong(old, next)) continue;  // old reloaded
    if ((old & (kLocked | kStarving)) == 0) return;            // we took it
    // Park. A goroutine that already waited queues at the head.
    const bool requeue = wait_start != 0;
    if (wait_start == 0) wait_start = detail::sync_now_ns();
    sema_.acquire(requeue, detail::WaitReason::kMutex);
    starving = starving || detail::sync_now_ns() - wait_start > kStarvationNs;
    old = state_.load();
    if ((old & kStarving) != 0) {
      // Handed off to us: the mutex is unlocked and reserved for us, and we
      // are still counted as a waiter.
      if ((old & (kLocked | kWoken)) != 0 || (old >> kWaiterShift) == 0) {
        detail::fatal("sync: inconsistent mutex state");
      }
      int32_t delta = kLocked - (1 << kWaiterShift);
      // Leave starvation mode when we are the last waiter or did not wait long.
      if (!starving || (old >> kWaiterShift) == 1) delta -= kStarving;
      state_.fetch_add(delta);
      return;
    }
    awoke = true;
    spins = 0;
  }
}

void Mutex::unlock_slow(int32_t now) {
  if (((now + kLocked) & kLocked) == 0) detail::fatal("sync: unlock of unlocked mutex");
  if ((now & kStarving) != 0) {
    // Hand the mutex to the first waiter; kLocked stays clear, but while
    // kStarving is set no newcomer takes it.
    sema_.release(/*handoff=*/true);
    return;
  }
  int32_t old = now;
  for (;;) {
    // Nobody to wake, or someone else already is awake / took the lock.
    if ((old >> kWaiterShift) == 0 || (old & (kLocked | kWoken | kStarving)) != 0) return;
    const int32_t next = (old - (1 << kWaiterShift)) | kWoken;
    if (state_.compare_exchange_strong(old, next)) {
      sema_.release(/*handoff=*/false);
      return;
    }
  }
}

}  // namespace gor
