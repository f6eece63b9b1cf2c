// Timers, tickers, after_func and sleep on top of the scheduler's TimerHeap.
// Race edges: arming a timer releases on it; an after_func goroutine acquires
// it before calling f (Go's time.AfterFunc via goFunc); a channel timer's
// firing acquires it before its send (Go's timer race context).
#include <climits>
#include <thread>

#include "chan/chan_impl.hpp"
#include "gor/detail/race_hooks.hpp"
#include "gor/detail/timer_core.hpp"
#include "gor/panic.hpp"
#include "gor/time.hpp"
#include "sched/sched_impl.hpp"

namespace gor::detail {

struct TimerState {
  TimerNode node;  // first: fire callbacks cast the node back
  std::atomic<uint32_t> refs{1};
  Sched* sched = nullptr;         // the run it was armed in (guarded by its heap lock)
  ChanCore* chan = nullptr;       // channel timers: holds one reference
  std::shared_ptr<TimerFunc> fn;  // function timers
  // Function timers, race detection: the stack that last armed it, the
  // creation stack of the goroutines it starts (guarded by the heap lock).
  uint32_t race_site = 0;
};

namespace {

TimerState* state_of(TimerNode* n) {
  return reinterpret_cast<TimerState*>(n);
}

struct TickSend {
  TimerState* timer;
  Time when;
};

void send_tick(void* tick) {
  auto* t = static_cast<TickSend*>(tick);
  // A full channel drops the tick, and so does one the program closed.
  chan_offer(t->timer->chan, &t->when);
}

void fire_chan(TimerNode* n, int64_t now) {
  TimerState* t = state_of(n);
  TickSend tick{t, Time{std::chrono::nanoseconds(now)}};
  // As Go's timer race context: the send carries what arming the timer
  // released to the receiver (and nothing of other timers).
  race::as_fired_timer(t, &send_tick, &tick);
  if (t->node.period == 0) timer_release(t);  // the heap's reference
}

void fire_func(TimerNode* n, int64_t) {
  TimerState* t = state_of(n);
  // The heap's reference moves to the goroutine.
  auto [g, task] = make_goroutine([t] {
    race::acquire(t, "gor::after_func");
    std::shared_ptr<TimerFunc> f = t->fn;
    timer_release(t);
    f->call();
  });
  spawn(g, task, t->race_site);
}

// Drains a stale value from a timer's channel (Go 1.23 semantics: after
// stop/reset no value from the earlier arming is received); returns whether
// there was one (the timer fired, but its value was never received: for Go
// 1.23's synchronous timer channels it had not been delivered yet).
bool drain(TimerState* t) {
  if (t->chan == nullptr) return false;
  Slot<Time> s;
  if (!chan_recv(t->chan, s.ptr(), false).received) return false;
  s.take();
  return true;
}

struct SleepNode {
  TimerNode node;
  G* g;
};

void fire_sleep(TimerNode* n, int64_t) {
  ready(reinterpret_cast<SleepNode*>(n)->g);
}

}  // namespace

TimerState* timer_make_chan(ChanCore** chan) {
  auto* t = new TimerState();
  t->chan = chan_make(&kElemOps<Time>, 1);
  chan_retain(t->chan);
  *chan = t->chan;
  t->node.fire = &fire_chan;
  return t;
}

TimerState* timer_make_func(std::shared_ptr<TimerFunc> f) {
  auto* t = new TimerState();
  t->fn = std::move(f);
  t->node.fire = &fire_func;
  return t;
}

void timer_retain(TimerState* t) noexcept {
  t->refs.fetch_add(1, std::memory_order_relaxed);
}

// The last reference frees the timer and its callback, which the fired
// after_func goroutine read (copied) before dropping its reference. The
// reference count orders that, but the detector sees no edge for it; as
// for a channel (Go's garbage collection is no memory access), the free
// runs with the current goroutine's (or thread's) accesses ignored.
void timer_release(TimerState* t) noexcept {
  if (t->refs.fetch_sub(1, std::memory_order_acq_rel) != 1) return;
  race::sync_reset(t);
  if (t->chan != nullptr) chan_release(t->chan);
  bool racing = race::enabled();
  if (racing) gor::race::ignore_begin();
  delete t;
  if (racing) gor::race::ignore_end();
}

namespace {

// The deadline `delay_ns` from now, saturated (Go clamps a timer's `when`):
// a delay beyond the clock's range never comes.
int64_t deadline_after(int64_t delay_ns) {
  const int64_t now = nanotime();
  if (delay_ns < 0) delay_ns = 0;
  return delay_ns > INT64_MAX - now ? INT64_MAX : now + delay_ns;
}

// Disarms `t` if it is armed in `s` (dropping the heap's reference into
// `heap_ref`) and discards an undelivered value; returns whether either
// happened (Go 1.23's Stop and Reset result). Under the heap lock, so that
// stops and resets of one timer from several goroutines apply one at a time.
bool disarm_locked(Sched* s, TimerState* t, bool& heap_ref) GOR_REQUIRES(s->timers.lock) {
  // Armed in this run only (a timer from an earlier run is never armed here).
  heap_ref = t->sched == s && s->timers.remove(&t->node);
  // The lock orders this after any firing's send (fire_chan runs under it).
  const bool undelivered = drain(t);
  return heap_ref || undelivered;
}

}  // namespace

bool timer_start(TimerState* t, int64_t delay_ns, int64_t period_ns) {
  if (t == nullptr) throw Panic("time: Reset called on uninitialized Timer");
  Sched* s = current_sched();
  if (s == nullptr) fatal("timer started while no gor::main is running");
  race::release(t, "timer start");
  const uint32_t race_site = t->fn ? race::creation_site() : 0;
  const int64_t when = deadline_after(delay_ns);
  bool was_active;
  {
    SpinGuard guard(s->timers.lock);
    bool heap_ref = false;
    was_active = disarm_locked(s, t, heap_ref);
    t->sched = s;
    t->race_site = race_site;
    t->node.when = when;
    t->node.period = period_ns;
    if (!heap_ref) timer_retain(t);  // the heap's reference (kept when re-armed)
    s->timers.add(&t->node);
  }
  timers_wake_poller(s, when);
  return was_active;
}

bool timer_stop(TimerState* t) {
  if (t == nullptr) return false;
  Sched* s = current_sched();
  if (s == nullptr) return drain(t);
  bool was_active, heap_ref = false;
  {
    SpinGuard guard(s->timers.lock);
    was_active = disarm_locked(s, t, heap_ref);
  }
  if (heap_ref) timer_release(t);
  return was_active;
}

void sleep_ns(int64_t ns) {
  if (ns <= 0) return;
  G* g = current_g();
  if (g == nullptr) {
    std::this_thread::sleep_for(std::chrono::nanoseconds(ns));
    return;
  }
  Sched* s = current_sched();
  SleepNode sn;
  sn.g = g;
  sn.node.fire = &fire_sleep;
  sn.node.when = deadline_after(ns);
  s->timers.lock.lock();
  s->timers.add(&sn.node);
  timers_wake_poller(s, sn.node.when);
  park_releasing(s->timers.lock, WaitReason::kSleep);
}

}  // namespace gor::detail

namespace gor {

Time now() {
  return Time(std::chrono::nanoseconds(detail::nanotime()));
}

}  // namespace gor
