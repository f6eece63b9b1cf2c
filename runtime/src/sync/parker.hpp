// Parker: blocks the caller until another goroutine or thread wakes it. A
// goroutine parks (its worker thread runs other goroutines meanwhile); a
// thread that is not running a goroutine sleeps on a futex. The runtime's
// sync primitives queue a Parker in their waiter lists.
#pragma once

#include <atomic>
#include <cstdint>

#include "gor/detail/sched.hpp"
#include "gor/detail/spinlock.hpp"
#include "sync/futex.hpp"

namespace gor::detail {

class Parker {
 public:
  Parker() : g_(current_g()) {}
  Parker(const Parker&) = delete;
  Parker& operator=(const Parker&) = delete;

  /// Releases `held` and blocks until wake(). A waker that takes `held` can
  /// never wake the caller before it is fully blocked. May be called again
  /// after it returns (each block() needs its own wake()).
  // (park() releases `held` through its callback, unseen by the analysis.)
  void block(SpinLock& held, WaitReason why) GOR_RELEASE(held) GOR_NO_THREAD_SAFETY_ANALYSIS {
    if (g_ != nullptr) {
      park(unlock_spin, &held, why);
      return;
    }
    held.unlock();
    while (woken_.load(std::memory_order_acquire) == 0) futex_wait(&woken_, 0);
    // Re-armed for the owner's next block() (a waiter that lost the race for
    // the unit queues the same Parker again); the waker no longer reads it.
    woken_.store(0, std::memory_order_relaxed);
  }

  /// Wakes the blocked owner. Call at most once, after the owner called (or
  /// is committed to call) block(); the owner may destroy the Parker as soon
  /// as this starts, so nothing may touch it afterwards.
  void wake() {
    if (G* g = g_) {
      ready(g);
      return;
    }
    std::atomic<uint32_t>* word = &woken_;
    word->store(1, std::memory_order_release);
    futex_wake(word);  // a syscall on the address only: never reads the object
  }

 private:
  static void unlock_spin(void* lock) GOR_NO_THREAD_SAFETY_ANALYSIS {
    static_cast<SpinLock*>(lock)->unlock();
  }

  G* const g_;                      // the owner, or null for a foreign thread
  std::atomic<uint32_t> woken_{0};  // foreign threads only: 1 once woken
};

}  // namespace gor::detail
