// gor::Mutex: Go's sync.Mutex for goroutines.
#pragma once

#include <atomic>
#include <cstdint>

#include "gor/detail/race_hooks.hpp"
#include "gor/detail/sched.hpp"
#include "gor/detail/sema.hpp"
#include "gor/detail/thread_annotations.hpp"

namespace gor {

class RWMutex;

/// A mutual exclusion lock with Go's sync.Mutex semantics: starts unlocked,
/// not recursive, may be unlocked by another goroutine than the one that
/// locked it. A contended lock() spins briefly, then parks the goroutine
/// (never its worker thread); a waiter left behind for over 1 ms switches
/// the mutex to starvation mode (strict FIFO hand-off), as Go does. Unlocking
/// an unlocked Mutex is the fatal error "sync: unlock of unlocked mutex".
/// Meets Lockable: works with std::lock_guard, std::unique_lock, std::scoped_lock.
/// Threads that are not running goroutines may use it too (they sleep on a
/// futex); while such a thread runs, the deadlock detector counts it as a
/// possible waker (goroutines waiting for it are not a deadlock).
/// Race detection: unlock() happens before the next lock() returns. Every
/// operation but a failed try_lock reads the mutex's memory (as Go's atomic
/// accesses do), so overwriting a Mutex in use (e.g. memset) is reported as
/// a race; a lock reads it after its acquire, so a rewrite ordered before
/// the previous unlock is not.
class GOR_CAPABILITY("mutex") Mutex {
 public:
  Mutex() = default;
  Mutex(const Mutex&) = delete;
  Mutex& operator=(const Mutex&) = delete;
  ~Mutex() { detail::race::owned_clocks_free(race_clock_); }

  /// Locks the mutex, blocking while another goroutine holds it.
  void lock() GOR_ACQUIRE() {
    detail::sched_point();  // deterministic mode: the strategy may switch here
    lock_unhooked();
    // Recorded once the mutex is ours, not before the CAS: recording takes
    // far longer than the CAS, and a goroutine spinning on another worker
    // would take the mutex in that window at every unlock. After the
    // acquire, as Go's CAS on the state acquires: a rewrite of the mutex
    // before the previous holder's unlock does not race this read.
    detail::race::acquire_owned_and_read(race_clock_, this, &state_, sizeof state_,
                                         "gor::Mutex::lock");
  }

  /// Locks the mutex if it is free (and not reserved for a starving waiter);
  /// returns whether it did. Never blocks. A failed try_lock orders nothing
  /// and, for the race detector, reads nothing: it acquires nothing, so its
  /// read would race the holder's own rewrite of the mutex before its lock
  /// (in Go the holder's atomic CAS on the state takes the rewrite's place).
  /// A rewrite racing only a failed try_lock is therefore not reported; nor
  /// is it by Go, whose sync package is not instrumented and whose failed
  /// TryLock stops before its atomic CAS.
  bool try_lock() GOR_TRY_ACQUIRE(true) {
    detail::sched_point();  // deterministic mode: the strategy may switch here
    if (!try_lock_unhooked()) return false;
    detail::race::acquire_owned_and_read(race_clock_, this, &state_, sizeof state_,
                                         "gor::Mutex::try_lock");
    return true;
  }

  /// Unlocks the mutex, waking a waiter if one is parked.
  void unlock() GOR_RELEASE() {
    detail::sched_point();  // deterministic mode: the strategy may switch here
    detail::race::read_and_release_owned(race_clock_, this, &state_, sizeof state_,
                                         "gor::Mutex::unlock");
    unlock_unhooked();
  }

 private:
  friend class RWMutex;

  // state_ bits: kLocked (held), kWoken (a waiter was woken or a spinner is
  // active: unlock need not wake another), kStarving (hand-off mode), and the
  // number of parked waiters above kWaiterShift.
  static constexpr int32_t kLocked = 1;
  static constexpr int32_t kWoken = 2;
  static constexpr int32_t kStarving = 4;
  static constexpr int kWaiterShift = 3;

  // The lock protocol without race hooks (RWMutex's writer lock uses these).
  void lock_unhooked() {
    int32_t expected = 0;
    if (state_.compare_exchange_strong(expected, kLocked, std::memory_order_acquire,
                                       std::memory_order_relaxed)) [[likely]] {
      return;
    }
    lock_slow();
  }
  bool try_lock_unhooked() {
    int32_t old = state_.load(std::memory_order_relaxed);
    if ((old & (kLocked | kStarving)) != 0) return false;
    return state_.compare_exchange_strong(old, old | kLocked, std::memory_order_acquire,
                                          std::memory_order_relaxed);
  }
  void unlock_unhooked() {
    const int32_t now = state_.fetch_sub(kLocked, std::memory_order_release) - kLocked;
    if (now != 0) [[unlikely]]
      unlock_slow(now);
  }
  void lock_slow();
  void unlock_slow(int32_t now);

  std::atomic<int32_t> state_{0};
  detail::Sema sema_;  // parked waiters
  /// The race detector's clock of this mutex (null until its first unlock
  /// under detection): only the holder touches it.
  void* race_clock_ = nullptr;
};

}  // namespace gor
