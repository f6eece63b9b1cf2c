// gor::blocking: run a blocking call without stalling a worker thread.
#pragma once

#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <type_traits>
#include <utility>

#include "gor/detail/sched.hpp"

namespace gor {
namespace detail {

/// Runs job(arg) on a helper thread (a pool grown on demand) while the
/// calling goroutine is parked; outside a goroutine, runs it inline. The
/// pending call counts as an external wake-up for deadlock detection.
void run_blocking(void (*job)(void*), void* arg);

/// The goroutine on whose behalf the calling helper thread is running a
/// blocking() function (that goroutine is parked meanwhile), or null. Lets
/// the race integration attribute f's memory accesses to that goroutine.
G* blocking_owner() noexcept;

/// Holds a blocking() result of type R (void, a reference or a value).
template <class R>
struct BlockingResult {
  std::optional<R> value;
  template <class F>
  void run(F& f) {
    value.emplace(std::invoke(f));
  }
  R take() { return std::move(*value); }
};
template <class R>
struct BlockingResult<R&> {
  R* value = nullptr;
  template <class F>
  void run(F& f) {
    value = std::addressof(std::invoke(f));
  }
  R& take() { return *value; }
};
template <>
struct BlockingResult<void> {
  template <class F>
  void run(F& f) {
    std::invoke(f);
  }
  void take() {}
};

}  // namespace detail

/// Runs f(args...) on a helper thread while the calling goroutine is parked,
/// so a blocking system call (file I/O, DNS, sleep, a C library) never
/// stalls a worker thread: other goroutines keep running on it. Returns f's
/// result (f may return void or a reference); an exception thrown by f
/// propagates to the caller. f and args are used in place (not copied).
/// Called outside a goroutine, f runs inline. f runs on another OS thread:
/// do not rely on thread_local state across the call, and do not call
/// goroutine operations (channels, sleep) from f.
/// Race detection: f is ordered as code of the calling goroutine (which is
/// parked while f runs): the caller's past happens before f, and f before
/// the caller's future.
template <class F, class... Args>
std::invoke_result_t<F&, Args&...> blocking(F&& f, Args&&... args) {
  using R = std::invoke_result_t<F&, Args&...>;
  auto bound = [&]() -> R { return std::invoke(f, args...); };
  struct Call {
    decltype(bound)* f;
    detail::BlockingResult<R> result;
    std::exception_ptr error;
  } call{&bound, {}, nullptr};
  detail::run_blocking(
      [](void* arg) {
        Call* c = static_cast<Call*>(arg);
        try {
          c->result.run(*c->f);
        } catch (...) {
          c->error = std::current_exception();
        }
      },
      &call);
  if (call.error) std::rethrow_exception(call.error);
  return call.result.take();
}

}  // namespace gor
