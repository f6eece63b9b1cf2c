// SpinLock: the runtime's internal lock for short critical sections (a
// channel's state, a mutex's waiter queue). Never parks a goroutine; spins,
// then yields the worker thread. Not recursive.
#pragma once

#include <atomic>
#include <mutex>

#include "gor/detail/thread_annotations.hpp"

namespace gor::detail {

class GOR_CAPABILITY("mutex") SpinLock {
 public:
  /// Acquires the lock; spins (then sched_yields) while another holder has it.
  void lock() GOR_ACQUIRE() {
    if (!locked_.exchange(true, std::memory_order_acquire)) [[likely]]
      return;
    lock_slow();
  }
  /// Acquires the lock if free; returns whether it did.
  bool try_lock() GOR_TRY_ACQUIRE(true) {
    return !locked_.load(std::memory_order_relaxed) &&
           !locked_.exchange(true, std::memory_order_acquire);
  }
  /// Releases the lock; the caller must hold it.
  void unlock() GOR_RELEASE() { locked_.store(false, std::memory_order_release); }

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
