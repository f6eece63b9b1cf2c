// gor::Once: Go's sync.Once for goroutines.
#pragma once

#include <atomic>
#include <functional>
#include <mutex>
#include <utility>

#include "gor/detail/race_hooks.hpp"
#include "gor/detail/sched.hpp"
#include "gor/mutex.hpp"

namespace gor {

/// Runs a function exactly once, with Go's sync.Once semantics (Do): the
/// first call(f) runs f; concurrent callers park until f has returned; later
/// calls return at once. If f throws, the exception propagates to its caller
/// and the Once still counts as done (f is never run again), as in Go.
/// Calling call() from inside f deadlocks, as in Go.
/// Race detection: f's completion happens before every call() returns.
class Once {
 public:
  Once() = default;
  Once(const Once&) = delete;
  Once& operator=(const Once&) = delete;
  ~Once() { detail::race::sync_reset(this); }

  /// Runs f() if no call on this Once has run its function yet.
  template <class F>
  void call(F&& f) {
    detail::sched_point();  // deterministic mode: the strategy may switch here
    if (done_.load(std::memory_order_acquire)) [[likely]] {
      detail::race::acquire(this, "gor::Once::call");
      return;
    }
    call_slow(std::forward<F>(f));
  }

 private:
  template <class F>
  void call_slow(F&& f) {
    std::lock_guard<Mutex> guard(mutex_);
    if (done_.load(std::memory_order_relaxed)) {
      detail::race::acquire(this, "gor::Once::call");
      return;
    }
    // Marks the Once done when f returns or throws.
    struct MarkDone {
      Once* once;
      ~MarkDone() {
        detail::race::release(once, "gor::Once::call");
        once->done_.store(true, std::memory_order_release);
      }
    } mark{this};
    std::invoke(std::forward<F>(f));
  }

  std::atomic<bool> done_{false};  // set once f returned or threw
  Mutex mutex_;                    // held while f runs
};

}  // namespace gor
