// Go's time package for goroutines: sleep, after, timers and tickers. Times
// are std::chrono::steady_clock time points; in deterministic mode they come
// from the virtual clock. Durations are any std::chrono::duration.
#pragma once

#include <chrono>
#include <cstdint>
#include <type_traits>
#include <utility>

#include "gor/chan.hpp"
#include "gor/detail/race_handle.hpp"
#include "gor/detail/timer_core.hpp"
#include "gor/panic.hpp"
#include "gor/runtime.hpp"

namespace gor {

/// A point in time as timers deliver it.
using Time = std::chrono::steady_clock::time_point;

namespace detail {
/// `d` in nanoseconds, saturated to int64_t's range (a duration beyond it,
/// `std::chrono::seconds::max()` say, is as long as a duration can be, not
/// an overflow).
template <class Rep, class Period>
int64_t to_ns(std::chrono::duration<Rep, Period> d) {
  using Wide = std::chrono::duration<long double, std::nano>;
  const long double ns = std::chrono::duration_cast<Wide>(d).count();
  if (ns >= static_cast<long double>(INT64_MAX)) return INT64_MAX;
  if (ns <= static_cast<long double>(INT64_MIN)) return INT64_MIN;
  return std::chrono::duration_cast<std::chrono::nanoseconds>(d).count();
}
}  // namespace detail

/// The current time (virtual in deterministic mode).
Time now();

/// Pauses the current goroutine for at least d; returns at once if d <= 0.
template <class Rep, class Period>
void sleep(std::chrono::duration<Rep, Period> d) {
  detail::sleep_ns(detail::to_ns(d));
}

/// A single event (Go's time.Timer): a channel timer from new_timer, or a
/// function timer from after_func (whose `c` is nil).
class Timer {
 public:
  /// Receives the time once when the timer fires (nil for after_func).
  Chan<Time> c;

  Timer() = default;
  /// Prevents the timer from firing; returns false if it had already fired
  /// (and its value was received from c, or f started) or been stopped. A
  /// value not yet received from c is discarded: the timer counts as
  /// stopped before it fired (Go 1.23). Panics on a zero-value Timer.
  bool stop() {
    detail::TimerState* t = t_.get().get();
    if (t == nullptr) panic("time: Stop called on uninitialized Timer");
    return detail::timer_stop(t);
  }
  /// Re-arms the timer to fire after d; returns whether it was active (as
  /// stop()). Panics on a zero-value Timer.
  template <class Rep, class Period>
  bool reset(std::chrono::duration<Rep, Period> d) {
    return detail::timer_start(t_.get().get(), detail::to_ns(d), 0);
  }

 private:
  Timer(Chan<Time> ch, detail::TimerRef t) : c(std::move(ch)), t_(std::move(t)) {}
  template <class Rep, class Period>
  friend Timer new_timer(std::chrono::duration<Rep, Period> d);
  template <class Rep, class Period, class F>
  friend Timer after_func(std::chrono::duration<Rep, Period> d, F&& f);
  detail::RaceHandle<detail::TimerRef> t_;
};

/// A timer that sends the time on its channel c after d (Go's NewTimer).
template <class Rep, class Period>
Timer new_timer(std::chrono::duration<Rep, Period> d) {
  detail::ChanCore* ch = nullptr;
  detail::TimerRef t(detail::timer_make_chan(&ch));
  detail::timer_start(t.get(), detail::to_ns(d), 0);
  return Timer(Chan<Time>(detail::ChanRef(ch)), std::move(t));
}

/// Calls f() in its own goroutine after d (Go's AfterFunc); each later
/// firing (after reset) calls the same f in a new goroutine. f is moved or
/// copied in once (it may be move-only) and destroyed with the timer or the
/// last firing's goroutine, whichever ends later.
template <class Rep, class Period, class F>
Timer after_func(std::chrono::duration<Rep, Period> d, F&& f) {
  static_assert(std::is_invocable_v<std::decay_t<F>&>,
                "gor::after_func: f must be callable with no arguments");
  // bind_call: the copy of f is checked as the caller's code (gor::go's).
  detail::TimerRef t(detail::timer_make_func(std::make_shared<detail::TimerFuncOf<std::decay_t<F>>>(
      detail::bind_call(std::forward<F>(f)).fn)));
  detail::timer_start(t.get(), detail::to_ns(d), 0);
  return Timer(Chan<Time>(), std::move(t));
}

/// A channel that receives the time once, after d (Go's time.After).
template <class Rep, class Period>
Chan<Time> after(std::chrono::duration<Rep, Period> d) {
  return new_timer(d).c;
}

/// Sends the time on c every period (Go's time.Ticker); slow receivers
/// miss ticks. Stop it when done.
class Ticker {
 public:
  /// Receives a time every period.
  Chan<Time> c;

  Ticker() = default;
  /// Turns the ticker off (no more ticks); nothing on a zero-value Ticker
  /// (as Go, which never panicked there).
  void stop() { detail::timer_stop(t_.get().get()); }
  /// Restarts the ticker with period d (d > 0). Panics on a zero-value Ticker.
  template <class Rep, class Period>
  void reset(std::chrono::duration<Rep, Period> d) {
    detail::TimerState* t = t_.get().get();
    if (t == nullptr) panic("time: Reset called on uninitialized Ticker");
    int64_t ns = detail::to_ns(d);
    if (ns <= 0) panic("non-positive interval for Ticker.Reset");
    detail::timer_start(t, ns, ns);
  }

 private:
  Ticker(Chan<Time> ch, detail::TimerRef t) : c(std::move(ch)), t_(std::move(t)) {}
  template <class Rep, class Period>
  friend Ticker new_ticker(std::chrono::duration<Rep, Period> d);
  detail::RaceHandle<detail::TimerRef> t_;
};

/// A ticker with period d (d > 0, else panics as Go's NewTicker).
template <class Rep, class Period>
Ticker new_ticker(std::chrono::duration<Rep, Period> d) {
  int64_t ns = detail::to_ns(d);
  if (ns <= 0) panic("non-positive interval for NewTicker");
  detail::ChanCore* ch = nullptr;
  detail::TimerRef t(detail::timer_make_chan(&ch));
  detail::timer_start(t.get(), ns, ns);
  return Ticker(Chan<Time>(detail::ChanRef(ch)), std::move(t));
}

}  // namespace gor
