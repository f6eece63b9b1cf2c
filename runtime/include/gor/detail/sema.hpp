// Sema: the counting semaphore under Mutex, RWMutex and WaitGroup (the role
// of Go's runtime/sema.go). Waiters queue FIFO (or LIFO on request) and park
// their goroutine; a thread that is not running a goroutine (a blocking()
// helper, a plain std::thread) sleeps on a futex instead. Not part of the
// public API.
#pragma once

#include <atomic>
#include <cstdint>

#include "gor/detail/sched.hpp"
#include "gor/detail/spinlock.hpp"
#include "gor/detail/thread_annotations.hpp"

namespace gor::detail {

/// One blocked acquirer; lives on the acquirer's stack while it is queued.
struct SemaWaiter;

class Sema {
 public:
  /// A semaphore with no units.
  Sema() = default;
  /// A semaphore with `units` units (1: a lock that orders nothing for the
  /// race detector, for the runtime's internal use).
  explicit Sema(uint32_t units) : count_(units) {}
  Sema(const Sema&) = delete;
  Sema& operator=(const Sema&) = delete;

  /// Takes one unit, blocking while none is available. `lifo` queues the
  /// caller at the head (a waiter that already waited once, as Go's starving
  /// mutex does); `why` is shown in deadlock traces.
  void acquire(bool lifo, WaitReason why) {
    if (try_acquire()) [[likely]]
      return;
    acquire_slow(lifo, why);
  }

  /// Takes one unit if one is available without blocking; returns whether it did.
  bool try_acquire() noexcept {
    // seq_cst: pairs with release() (count_ then nwait_) against
    // acquire_slow() (nwait_ then count_), so one side sees the other.
    uint32_t n = count_.load();
    while (n != 0) {
      if (count_.compare_exchange_weak(n, n - 1, std::memory_order_acquire,
                                       std::memory_order_relaxed)) {
        return true;
      }
    }
    return false;
  }

  /// Adds one unit and wakes the first waiter, if any. With `handoff` the
  /// unit is given to that waiter directly (it cannot be taken by a
  /// goroutine that did not wait, as in Go's mutex starvation mode).
  void release(bool handoff);

 private:
  void acquire_slow(bool lifo, WaitReason why);

  // Invariant: count_ is the number of available units. The waiters, their
  // count and the lock that guards them are not here but in a table shared
  // by all semaphores (sema.cpp, as Go's semtable): release() touches the
  // semaphore only to raise count_, and the one acquirer that takes that
  // unit may return and destroy the object (a WaitGroup on its stack)
  // while release() is still looking for waiters.
  std::atomic<uint32_t> count_{0};
};

}  // namespace gor::detail
