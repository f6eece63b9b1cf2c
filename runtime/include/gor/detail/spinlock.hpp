// SpinLock: the runtime's internal lock for short critical sections (a
// channel's state, a mutex's waiter queue). Never parks a goroutine; spins,
// then yields the worker thread. Not recursive.
#pragma once

#include <atomic>
#include <mutex>

#include "gor/detail/thread_annotations.hpp"

namespace gor::detail {

/// Number of SpinLocks the calling thread holds now. Deterministic mode's
/// scheduling points do nothing while it is non-zero: code that runs under a
/// runtime lock (an element's move under a channel's lock, a user callback)
/// must never be switched out, or a goroutine spinning on that lock would
/// stall the one processor. A lock released by park()'s unlock callback is
/// released on the same thread (the scheduler's context), so the count stays
/// per thread exact.
extern thread_local constinit unsigned t_spinlocks_held;

/// This thread's t_spinlocks_held, out of line on every architecture: a
/// function that parks and resumes on another worker thread must not reuse
/// a TLS address computed before the switch, and compilers keep one in a
/// register across calls (clang reads x86-64's %fs:0 once per function).
unsigned& spinlocks_held() noexcept;

class GOR_CAPABILITY("mutex") SpinLock {
 public:
  /// Acquires the lock; spins (then sched_yields) while another holder has it.
  void lock() GOR_ACQUIRE() {
    if (locked_.exchange(true, std::memory_order_acquire)) [[unlikely]]
      lock_slow();
    ++spinlocks_held();
  }
  /// Acquires the lock if free; returns whether it did.
  bool try_lock() GOR_TRY_ACQUIRE(true) {
    if (locked_.load(std::memory_order_relaxed) ||
        locked_.exchange(true, std::memory_order_acquire)) {
      return false;
    }
    ++spinlocks_held();
    return true;
  }
  /// Releases the lock; the caller must hold it (on this thread).
  void unlock() GOR_RELEASE() {
    --spinlocks_held();
    locked_.store(false, std::memory_order_release);
  }

 private:
  void lock_slow();
  std::atomic<bool> locked_{false};
};

/// RAII holder of a SpinLock.
class GOR_SCOPED_CAPABILITY SpinGuard {
 public:
  explicit SpinGuard(SpinLock& l) GOR_ACQUIRE(l) : l_(l) { l_.lock(); }
  ~SpinGuard() GOR_RELEASE() { l_.unlock(); }
  SpinGuard(const SpinGuard&) = delete;
  SpinGuard& operator=(const SpinGuard&) = delete;

 private:
  SpinLock& l_;
};

}  // namespace gor::detail
