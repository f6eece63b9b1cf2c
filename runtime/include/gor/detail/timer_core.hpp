// The type-erased timers behind gor::Timer, gor::Ticker, gor::after and
// gor::sleep (see time/timers.cpp).
#pragma once

#include <cstdint>
#include <memory>
#include <utility>

#include "gor/detail/chan_core.hpp"

namespace gor::detail {

struct TimerState;

/// A timer that sends nanotime() (as gor::Time) on a new 1-slot channel,
/// once or every period (ticker). *chan receives a reference to it.
TimerState* timer_make_chan(ChanCore** chan);
/// The callable of a function timer (after_func). Each firing calls it in a
/// goroutine of its own: after a reset, possibly while an earlier firing's
/// call still runs (as Go's AfterFunc calls its one func value).
class TimerFunc {
 public:
  virtual ~TimerFunc() = default;
  /// Calls the callable once.
  virtual void call() = 0;
};

/// A TimerFunc holding an F (which may be move-only).
template <class F>
class TimerFuncOf final : public TimerFunc {
 public:
  explicit TimerFuncOf(F f) : f_(std::move(f)) {}
  void call() override { f_(); }

 private:
  F f_;
};

/// A timer that calls f in a new goroutine each time it fires. The timer
/// and the firings' goroutines share f: it is destroyed when the last of
/// them lets go of it.
TimerState* timer_make_func(std::shared_ptr<TimerFunc> f);
/// Adds a reference to the timer (its handles and an armed heap entry own it).
void timer_retain(TimerState* t) noexcept;
/// Drops a reference; the last one frees the timer (and its channel
/// reference).
void timer_release(TimerState* t) noexcept;
/// (Re)arms t to fire after delay_ns (then every period_ns if > 0),
/// discarding a stale value in its channel. Returns whether it was active
/// (as timer_stop).
bool timer_start(TimerState* t, int64_t delay_ns, int64_t period_ns);
/// Disarms t, discarding a stale value in its channel. Returns whether it
/// was active: armed, or fired with its value not yet received (as Go 1.23,
/// whose timer channels deliver only when received); false when it had been
/// stopped, or fired and received. Null t: false.
bool timer_stop(TimerState* t);
/// Parks the current goroutine for ns nanoseconds (virtual in deterministic
/// mode); returns at once when ns <= 0.
void sleep_ns(int64_t ns);

/// Owning reference to a TimerState.
using TimerRef = IntrusiveRef<TimerState, timer_retain, timer_release>;

}  // namespace gor::detail
