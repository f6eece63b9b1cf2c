// gor::Cond: Go's sync.Cond for goroutines.
#pragma once

#include "gor/detail/spinlock.hpp"
#include "gor/detail/thread_annotations.hpp"
#include "gor/mutex.hpp"

namespace gor {

namespace detail {
struct CondWaiter;
}

/// A condition variable with Go's sync.Cond semantics, bound to a Mutex.
/// wait() atomically unlocks the mutex and parks the goroutine; it relocks
/// the mutex before returning. As in Go, a woken waiter cannot assume the
/// condition holds: call wait() in a loop. signal() wakes the longest
/// waiting goroutine, broadcast() all; neither needs the mutex held.
/// Race detection: Cond itself orders nothing; its mutex does.
class Cond {
 public:
  /// A condition variable whose wait() releases and reacquires `mutex`.
  explicit Cond(Mutex& mutex) : mutex_(mutex) {}
  Cond(const Cond&) = delete;
  Cond& operator=(const Cond&) = delete;

  /// Unlocks the mutex (which the caller must hold), parks until signal()
  /// or broadcast() picks this waiter, then locks the mutex again.
  void wait();
  /// Wakes one waiting goroutine (the longest waiting), if any.
  void signal();
  /// Wakes every waiting goroutine.
  void broadcast();
  /// The mutex this condition is bound to (Go's c.L).
  Mutex& mutex() const noexcept { return mutex_; }

 private:
  Mutex& mutex_;
  detail::SpinLock lock_;
  // FIFO of goroutines in wait() that no signal has picked yet.
  detail::CondWaiter* head_ GOR_GUARDED_BY(lock_) = nullptr;
  detail::CondWaiter* tail_ GOR_GUARDED_BY(lock_) = nullptr;
};

}  // namespace gor
