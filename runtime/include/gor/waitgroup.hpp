// gor::WaitGroup: Go's sync.WaitGroup for goroutines.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <utility>

#include "gor/detail/race_hooks.hpp"
#include "gor/detail/sema.hpp"
#include "gor/runtime.hpp"

namespace gor {

/// Waits for a collection of goroutines to finish, with Go's sync.WaitGroup
/// semantics: add(n) raises the counter (before starting the goroutines),
/// done() lowers it by one, wait() blocks (parks) until it is zero. The
/// counter going negative throws gor::Panic("sync: negative WaitGroup
/// counter"); add() racing a pending wait() on a zero counter, or reusing the
/// group before a previous wait() returned, throws gor::Panic with Go's
/// "sync: WaitGroup misuse" / "sync: WaitGroup is reused" messages.
/// Race detection: every done() happens before the wait() it unblocks
/// returns; an add() from zero racing a wait() is reported as a race.
class WaitGroup {
 public:
  WaitGroup() = default;
  WaitGroup(const WaitGroup&) = delete;
  WaitGroup& operator=(const WaitGroup&) = delete;
  ~WaitGroup() { detail::race::sync_reset(this); }

  /// Adds `delta` (may be negative) to the counter; at zero, releases every waiter.
  void add(int delta);
  /// Lowers the counter by one: add(-1).
  void done() { add(-1); }
  /// Blocks until the counter is zero.
  void wait();

  /// Go 1.25's wg.Go: add(1), then runs f(args...) in a new goroutine that
  /// calls done() when f returns, after destroying its copies of f and the
  /// arguments (so their destructors happen before wait() returns). If f
  /// throws, the panic ends the program (as an unrecovered panic in a
  /// goroutine) without calling done().
  template <class F, class... Args>
  void go(F&& f, Args&&... args);

 private:
  // state_: counter in the high 32 bits, number of waiters in the low 32.
  std::atomic<uint64_t> state_{0};
  detail::Sema sema_;  // waiters park here until the counter reaches zero
};

template <class F, class... Args>
void WaitGroup::go(F&& f, Args&&... args) {
  static_assert(detail::kGoCallable<F, Args...>,
                "WaitGroup::go: f cannot be called with these arguments, which are copied (as "
                "std::thread's): to pass a variable by reference, use std::ref(x) or a lambda "
                "capturing it");
  if constexpr (detail::kGoCallable<F, Args...>) {  // else only the assertion's error
    add(1);
    auto [g, task] = detail::make_goroutine(
        [this, call = std::optional(
                   detail::bind_call(std::forward<F>(f), std::forward<Args>(args)...))]() mutable {
          (*call)();
          // f and its arguments die before done(), as a joined std::thread's:
          // what their destructors do happens before wait() returns.
          call.reset();
          done();
        });
    detail::spawn(g, task);
  }
}

}  // namespace gor
