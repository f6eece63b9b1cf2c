// SpinLock's contended path.
#include "gor/detail/spinlock.hpp"

#include <sched.h>

#include "detail/cpu_relax.hpp"

namespace gor::detail {

thread_local constinit unsigned t_spinlocks_held = 0;

[[gnu::noinline]] unsigned& spinlocks_held() noexcept {
  return t_spinlocks_held;
}

// Polls with exponential backoff, then yields the thread. Backing off
// matters when the holder relocks in a loop (a producer filling a buffer):
// a waiter polling the lock's cache line at full rate slows every one of the
// holder's critical sections, a waiter that polls less often costs it
// nothing and still gets the lock when the holder stops.
void SpinLock::lock_slow() {
  constexpr int kSpinRounds = 32;
  constexpr int kMaxPauses = 64;
  int pauses = 1;
  for (int round = 0;; ++round) {
    if (!locked_.load(std::memory_order_relaxed) &&
        !locked_.exchange(true, std::memory_order_acquire)) {
      return;
    }
    if (round < kSpinRounds) {
      for (int i = 0; i < pauses; ++i) cpu_relax();
      if (pauses < kMaxPauses) pauses *= 2;
    } else {
      sched_yield();
    }
  }
}

}  // namespace gor::detail
