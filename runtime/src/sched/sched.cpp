// The goroutine scheduler: switching, park/ready, run queues, work stealing
// and idle workers (Go's proc.go, simplified: one worker thread per P), and
// deterministic mode's run set. Descriptor free lists are in g_cache.cpp,
// clocks in clock.cpp, the deadlock check's queries in deadlock.cpp.
#include "sched/sched_impl.hpp"
#include "sched/stack_owner.hpp"
#include "sched/thread_census.hpp"

#include <sched.h>

#include <utility>

#include "detail/cpu_relax.hpp"
#include "detail/os_futex.hpp"
#include "gor/detail/race_hooks.hpp"
#include "sched/context.hpp"
#include "sched/preempt.hpp"

namespace gor::detail {
namespace {

thread_local Worker* tls_worker __attribute__((tls_model("initial-exec"))) = nullptr;

uint32_t xorshift(uint64_t& s) {
  s ^= s << 13;
  s ^= s >> 7;
  s ^= s << 17;
  return static_cast<uint32_t>(s >> 32);
}

void g_entry(void* arg);

extern "C" EhState* __cxa_get_globals() noexcept;

// Moves the thread's exception state into `save` (if any) and installs
// `load` (none: the worker loop's empty state). Not inlined: the C++ runtime
// declares __cxa_get_globals const, so callers could reuse a stale address
// after a switch to another thread.
[[gnu::noinline]] void swap_eh(EhState* save, const EhState* load) {
  EhState* cur = __cxa_get_globals();
  if (save != nullptr) *save = *cur;
  *cur = load != nullptr ? *load : EhState{};
}

// Puts g at the tail of the global queue. Wakes nobody.
void global_put(Sched* s, G* head, G* tail, uint32_t n) {
  SpinGuard guard(s->lock);
  if (s->gq_tail != nullptr) {
    s->gq_tail->link = head;
  } else {
    s->gq_head = head;
  }
  s->gq_tail = tail;
  tail->link = nullptr;
  s->gq_size.fetch_add(n, std::memory_order_release);
}

// Takes up to `max` goroutines from the global queue (caller holds the lock);
// returns them linked through G::link.
G* global_take_locked(Sched* s, uint32_t max) GOR_REQUIRES(s->lock) {
  uint32_t size = s->gq_size.load(std::memory_order_relaxed);
  if (size == 0) return nullptr;
  uint32_t n = size / static_cast<uint32_t>(s->nprocs) + 1;
  if (n > size) n = size;
  if (n > max) n = max;
  G* head = s->gq_head;
  G* last = head;
  for (uint32_t i = 1; i < n; ++i) last = last->link;
  s->gq_head = last->link;
  if (s->gq_head == nullptr) s->gq_tail = nullptr;
  last->link = nullptr;
  s->gq_size.fetch_sub(n, std::memory_order_relaxed);
  return head;
}

// Puts g on w's local queue (spilling half to the global queue when full).
void local_put(Worker* w, G* g) {
  G* head;
  G* tail;
  uint32_t n = w->runq.put(g, &head, &tail);
  if (n != 0) global_put(w->sched, head, tail, n);
}

// Returns the first of a linked batch and queues the rest locally.
G* keep_batch(Worker* w, G* batch) {
  G* first = batch;
  for (G* g = batch ? batch->link : nullptr; g != nullptr;) {
    G* next = g->link;
    local_put(w, g);
    g = next;
  }
  return first;
}

G* global_get(Worker* w, uint32_t max) {
  Sched* s = w->sched;
  if (s->gq_size.load(std::memory_order_relaxed) == 0) return nullptr;
  G* batch;
  {
    SpinGuard guard(s->lock);
    batch = global_take_locked(s, max);
  }
  return keep_batch(w, batch);
}

// Deterministic mode: moves goroutines readied from outside (global queue)
// into the run set.
void det_collect(Worker* w) {
  Sched* s = w->sched;
  if (s->gq_size.load(std::memory_order_relaxed) != 0) {
    SpinGuard guard(s->lock);
    for (G* g = global_take_locked(s, UINT32_MAX); g != nullptr;) {
      G* next = g->link;
      w->det_runnable.push_back(g);
      g = next;
    }
  }
}

// Deterministic mode: the strategy's pick among every runnable goroutine.
G* det_pick(Worker* w) {
  det_collect(w);
  auto& rs = w->det_runnable;
  if (rs.empty()) return nullptr;
  size_t i = w->sched->strategy->pick(rs);
  G* g = rs[i];
  rs[i] = rs.back();
  rs.pop_back();
  return g;
}

// The next goroutine from this worker's own queues, or for fairness from
// the global queue every 61 time slices (Go's schedtick: runnext hand-offs
// do not count, so a pair handing off keeps its slice until sysmon preempts
// it), without blocking or stealing; sets w->inherits_slice for the runnext
// goroutine. In deterministic mode, none while timers are due: the worker's
// loop fires them first (find_runnable), or goroutines yielding in turn
// would keep virtual time from firing any.
G* pick_local(Worker* w) {
  Sched* s = w->sched;
  w->inherits_slice = false;
  if (s->deterministic) {
    if (s->timers.next_when() <= s->vclock.load(std::memory_order_relaxed)) return nullptr;
    return det_pick(w);
  }
  if (w->slices.load(std::memory_order_relaxed) % 61 == 0) {
    if (G* g = global_get(w, 1)) return g;
  }
  if (G* g = w->runq.get(w->inherits_slice)) return g;
  return global_get(w, 128);
}

// Readies g on this worker: runnext when woken by a running goroutine (so a
// ping-pong stays on one core), else the queue tail.
void local_ready(Worker* w, G* g, bool next) {
  Sched* s = w->sched;
  if (s->deterministic) {
    w->det_runnable.push_back(g);
    return;
  }
  if (next) {
    g = w->runq.put_next(g);
    if (g == nullptr) {
      // The readier usually blocks soon and this worker runs g itself; a
      // spinning worker takes g only if it waits longer (steal_work), so a
      // readier that keeps running does not delay g.
      wakep(s);
      return;
    }
  }
  local_put(w, g);
  wakep(s);
}

void prepare_to_run(Worker* w, G* g) {
  if (g->sp == nullptr) {
    g->stack = stack_get(w);
    stack_note_owner(g->stack, g->id);
    g->sp = ctx_init(g->stack.lo, g->stack.size, &g_entry, g);
  }
  g->status.store(GStatus::kRunning, std::memory_order_relaxed);
  // A runnext goroutine goes on in the running slice (Go's inheritTime),
  // with a preemption asked of that slice; any other starts a new one.
  if (!std::exchange(w->inherits_slice, false)) {
    if (w->preempt.load(std::memory_order_relaxed)) preempt_done(w);
    w->slices.store(w->slices.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
  }
  w->curg = g;
  w->tick.store(w->tick.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
}

void check_canary(const G* g) {
  if (g->stack.guard == StackGuard::kCanary &&
      *reinterpret_cast<const uint64_t*>(g->stack.lo) != kStackCanary) [[unlikely]] {
    fatal("stack overflow (canary at the bottom of the goroutine stack overwritten)");
  }
}

// Recycles the descriptor of a goroutine that ended (g_entry already freed
// a closure it kept on the heap).
void free_g(Worker* w, G* g) {
  // The next goroutine's closure may reuse task_buf: forget this one's
  // accesses (a goroutine's end orders nothing, so they would race it).
  race::range_reset(g->task_buf, G::kTaskBuf);
  g->task = nullptr;
  stack_put(w, g->stack);
  g->stack = Stack{};
  g->sp = nullptr;
  g->race = nullptr;
  g->eh = EhState{};
  gfree_put(w, g);
}

// Runs on the context that was just switched to: completes what the previous
// goroutine on this thread asked for, now that its context is saved.
void after_switch(Worker* w) {
  G* prev = w->prev;
  if (prev == nullptr) return;
  w->prev = nullptr;
  switch (w->prev_action) {
    case PrevAction::kPark: {
      prev->status.store(GStatus::kParked, std::memory_order_release);
      if (void (*unlock)(void*) = w->unlock) {
        w->unlock = nullptr;
        unlock(w->unlock_arg);
      }
      break;
    }
    case PrevAction::kYield:
      prev->status.store(GStatus::kRunnable, std::memory_order_relaxed);
      if (w->sched->deterministic) {
        local_ready(w, prev, false);
      } else {
        // As Go's goschedImpl: behind the global queue, where the poller
        // puts the goroutines that timers and sockets wake. Back on the
        // local queue, goroutines yielding (or preempted) in turn would
        // keep the worker off the global queue for 61 schedules.
        global_put(w->sched, prev, prev, 1);
        wakep(w->sched);
      }
      break;
    case PrevAction::kExit:
      free_g(w, prev);
      break;
  }
}

// gor::main returned while goroutine g ran or waited to: it stops here for
// good (a goroutine ready to run is switched to only for this), and what it
// did happens before the code after gor::main (run_main acquires after
// await_workers). Not while g holds a runtime or C library lock, which the
// code after gor::main may need: it stops at a later point.
void stop_if_abandoned(Worker* w, G* g) {
  if (spinlocks_held() != 0 || g->os_locks != 0) return;
  race::release_merge(&w->sched->live_workers, "gor::main returned");
  park(nullptr, nullptr, WaitReason::kOther);
}

// Switches from g (running on w; w->prev* set by the caller) to the next
// local goroutine, or to the worker loop when there is none.
void switch_out(Worker* w, G* g) {
  check_canary(g);
  G* next = pick_local(w);
  if (next != nullptr) {
    prepare_to_run(w, next);
    swap_eh(&g->eh, &next->eh);
    gor_ctx_switch(&g->sp, next->sp);
  } else {
    w->curg = nullptr;
    swap_eh(&g->eh, nullptr);
    gor_ctx_switch(&g->sp, w->g0_sp);
  }
  Worker* resumed_on = this_worker();
  after_switch(resumed_on);
  if (resumed_on->sched->stopping.load(std::memory_order_relaxed)) stop_if_abandoned(resumed_on, g);
}

// Ends g (already reported to the race detector) and switches away for good.
[[noreturn]] void goexit(Worker* w, G* g) {
  g->status.store(GStatus::kDead, std::memory_order_relaxed);
  w->ngo.store(w->ngo.load(std::memory_order_relaxed) - 1, std::memory_order_relaxed);
  w->prev = g;
  w->prev_action = PrevAction::kExit;
  switch_out(w, g);
  __builtin_unreachable();
}

void g_entry(void* arg) {
  G* g = static_cast<G*>(arg);
  race::goroutine_start(g);
  after_switch(this_worker());
  if (g->sched->stopping.load(std::memory_order_relaxed)) stop_if_abandoned(this_worker(), g);
  // No catch: an exception leaving the goroutine's function finds no
  // handler, and the C++ runtime calls std::terminate at the throw, with the
  // stack intact, for on_terminate (fatal.cpp) to print.
  g->task->invoke(g->task);
  g->task->destroy(g->task);
  // A heap closure is freed here, by its own goroutine: freed in free_g by
  // whichever goroutine runs next, the free would race this one's reads.
  if (g->task_on_heap) {
    ::operator delete (static_cast<void*>(g->task), std::align_val_t{16});
    g->task = nullptr;
    g->task_on_heap = false;
  }
  // Before main_done: the gor::main caller continues after main's end.
  race::goroutine_end(g);
  Sched* s = g->sched;
  if (g == s->main_g) {
    // As Go's exit: no other goroutine runs once main returned.
    s->stopping.store(true, std::memory_order_release);
    s->main_done.store(1, std::memory_order_release);
    os_futex_wake(&s->main_done);
  }
  goexit(this_worker(), g);
}

// Stops spinning; the last spinner to find work wakes another (Go's
// resetspinning) so new work keeps getting picked up in parallel.
void stop_spinning(Worker* w) {
  w->spinning = false;
  if (w->sched->nspinning.fetch_sub(1, std::memory_order_acq_rel) == 1) wakep(w->sched);
}

// Spins looking for work for up to kSpinNs: half of another worker's ring,
// the global queue, or a runnext goroutine that has waited kRunnextGraceNs
// while its worker ran nothing else (a quick park would have run it). The
// gap between polls doubles from kFirstPollGapNs to kMaxPollGapNs: a poll
// reads cache lines the polled workers write on every hand-off, so polling
// at full rate slowed them (PingPong and Select2 by a quarter and more).
constexpr int64_t kSpinNs = 50000;
constexpr int64_t kRunnextGraceNs = 25000;
constexpr int64_t kFirstPollGapNs = 2000;
constexpr int64_t kMaxPollGapNs = 16000;

G* steal_work(Worker* w) {
  Sched* s = w->sched;
  G* batch[RunQueue::kSize / 2];
  int64_t start = real_nanotime();
  const G* seen_next = nullptr;  // a runnext goroutine, first seen at seen_at
  uint32_t seen_tick = 0;        // with its worker's tick then
  int64_t seen_at = 0;
  int64_t gap = kFirstPollGapNs;
  for (;;) {
    uint32_t off = xorshift(w->rng);
    for (int i = 0; i < s->nprocs; ++i) {
      Worker* v = s->workers[(off + static_cast<uint32_t>(i)) % static_cast<uint32_t>(s->nprocs)];
      if (v == w) continue;
      uint32_t n = v->runq.grab(batch, false);
      if (n == 0) continue;
      for (uint32_t k = 1; k < n; ++k) local_put(w, batch[k]);
      return batch[0];
    }
    if (G* g = global_get(w, 128)) return g;
    int64_t now = real_nanotime();
    for (int i = 0; i < s->nprocs; ++i) {
      Worker* v = s->workers[i];
      const G* next = v == w ? nullptr : v->runq.peek_next();
      if (next == nullptr) continue;
      const uint32_t tick = v->tick.load(std::memory_order_relaxed);
      if (next != seen_next || tick != seen_tick) {
        seen_next = next;
        seen_tick = tick;
        seen_at = now;
      } else if (now - seen_at >= kRunnextGraceNs) {
        // grab() takes half the ring instead when it refilled since the
        // first loop: every goroutine it took is this worker's to run.
        if (uint32_t n = v->runq.grab(batch, true); n != 0) {
          for (uint32_t k = 1; k < n; ++k) local_put(w, batch[k]);
          return batch[0];
        }
      }
    }
    if (now - start >= kSpinNs || s->stopping.load(std::memory_order_relaxed)) return nullptr;
    for (const int64_t until = now + gap; real_nanotime() < until;) {
      for (int i = 0; i < 10; ++i) cpu_relax();
    }
    gap = gap * 2 < kMaxPollGapNs ? gap * 2 : kMaxPollGapNs;
  }
}

bool any_work(Sched* s) {
  if (s->gq_size.load(std::memory_order_acquire) != 0) return true;
  for (int i = 0; i < s->nprocs; ++i) {
    if (s->workers[i]->runq.nonempty()) return true;
  }
  return false;
}

// Removes w from the idle list; false when a waker already took it off.
bool try_unidle(Worker* w) {
  Sched* s = w->sched;
  SpinGuard guard(s->lock);
  for (Worker** p = &s->idle; *p != nullptr; p = &(*p)->idle_next) {
    if (*p == w) {
      *p = w->idle_next;
      s->nidle.fetch_sub(1, std::memory_order_acq_rel);
      return true;
    }
  }
  return false;
}

// Sleeps on the idle list until woken (wakep, stop) or, with timeout_ns >= 0,
// until the timeout.
void idle_sleep(Worker* w, int64_t timeout_ns) {
  Sched* s = w->sched;
  {
    SpinGuard guard(s->lock);
    w->wake.store(0, std::memory_order_relaxed);
    w->idle_next = s->idle;
    s->idle = w;
    s->nidle.fetch_add(1, std::memory_order_acq_rel);
  }
  if (w->spinning) {
    w->spinning = false;
    s->nspinning.fetch_sub(1, std::memory_order_acq_rel);
  }
  // Re-check after announcing idleness: a ready() that saw no idle worker
  // published its work before we got here.
  if (any_work(s) || s->stopping.load(std::memory_order_acquire)) {
    if (try_unidle(w)) return;
  }
  while (w->wake.load(std::memory_order_acquire) == 0) {
    os_futex_wait(&w->wake, 0, timeout_ns);
    if (timeout_ns >= 0 && w->wake.load(std::memory_order_acquire) == 0) {
      if (try_unidle(w)) return;
    }
  }
  w->spinning = w->woken_spinning;
  w->woken_spinning = false;
}

// Deterministic mode: nothing runnable. Fire the earliest timers by moving
// the virtual clock. While something outside may still wake a goroutine (a
// socket, a gor::blocking call), wait for it first, in real time, as long as
// the next timer is away in virtual time: a peer that answers in time still
// comes first, and virtual time does not stop for one that never does.
bool det_advance_time(Worker* w) {
  Sched* s = w->sched;
  int64_t next = s->timers.next_when();
  if (next == INT64_MAX) return false;
  const int64_t vnow = s->vclock.load(std::memory_order_relaxed);
  if (s->external.load(std::memory_order_acquire) != 0) {
    const int64_t now = real_nanotime();
    if (w->det_waiting_since == 0) w->det_waiting_since = now;
    if (now - w->det_waiting_since < next - vnow) return false;
  }
  w->det_waiting_since = 0;
  if (next > vnow) s->vclock.store(next, std::memory_order_relaxed);
  s->timers.fire_due(s->vclock.load(std::memory_order_relaxed));
  return true;
}

// Finds a goroutine to run, sleeping while there is none. Null once the
// scheduler stops.
G* find_runnable(Worker* w) {
  Sched* s = w->sched;
  for (;;) {
    // gor::main returned: goroutines still queued run only to stop
    // (stop_if_abandoned), then the worker leaves.
    if (s->stopping.load(std::memory_order_acquire)) return pick_local(w);
    if (s->deterministic) {
      // Timers that fell due while goroutines yielded (yield_passes_time),
      // fired here on the worker's loop, not in a goroutine.
      const int64_t vnow = s->vclock.load(std::memory_order_relaxed);
      if (s->timers.next_when() <= vnow) s->timers.fire_due(vnow);
      if (G* g = det_pick(w)) {
        w->det_waiting_since = 0;
        return g;
      }
      if (det_advance_time(w)) continue;
      bool timers = s->timers.next_when() != INT64_MAX;
      idle_sleep(w, timers ? 1000000 : -1);
      continue;
    }
    if (G* g = pick_local(w)) {
      if (w->spinning) stop_spinning(w);
      return g;
    }
    // Timers already due fire here (Go's checkTimers in findrunnable), not
    // at the poller's next wake-up, tens of microseconds later.
    if (const int64_t due = s->timers.next_when(); due != INT64_MAX) {
      const int64_t now = real_nanotime();
      if (due <= now && s->timers.fire_due(now) > 0) continue;
    }
    int busy = s->nprocs - s->nidle.load(std::memory_order_relaxed);
    if (!w->spinning && 2 * s->nspinning.load(std::memory_order_relaxed) < busy) {
      w->spinning = true;
      s->nspinning.fetch_add(1, std::memory_order_acq_rel);
    }
    if (w->spinning) {
      if (G* g = steal_work(w)) {
        stop_spinning(w);
        return g;
      }
    }
    idle_sleep(w, -1);
  }
}

}  // namespace

// Out of line on purpose: inlined, the compiler may compute the TLS address
// once per function and reuse it after a context switch that resumed the
// goroutine on another thread (clang keeps it in a register on x86-64, read
// once from %fs:0, as on AArch64 from TPIDR_EL0).
[[gnu::noinline]] Worker* this_worker() noexcept {
  return tls_worker;
}

Sched* current_sched() noexcept {
  Worker* w = this_worker();
  return w != nullptr ? w->sched : g_current_sched.load(std::memory_order_acquire);
}

G* current_g() noexcept {
  Worker* w = this_worker();
  return w != nullptr ? w->curg : nullptr;
}

uint64_t goid_of(const G* g) noexcept {
  return g != nullptr ? g->id : 0;
}

void*& race_slot(G* g) noexcept {
  return g->race;
}

[[gnu::noinline]] void* current_race_slot() noexcept {
  Worker* w = tls_worker;  // as this_worker(): out of line, read once per call
  G* g = w != nullptr ? w->curg : nullptr;
  return g != nullptr ? g->race : nullptr;
}

G* current_g_or_foreign() {
  if (G* g = current_g()) return g;
  // One G per thread, never freed (wakers may still hold it). While the
  // thread lives it is accounted for (thread_census.hpp) and, unless parked,
  // counted as a possible waker by its scheduler; its exit ends both.
  struct Foreign {
    G* g = nullptr;
    ~Foreign() {
      if (g == nullptr) return;
      if (g->sched != nullptr) g->sched->external.fetch_sub(1, std::memory_order_acq_rel);
      census_leave();
    }
  };
  thread_local Foreign foreign;
  G*& self = foreign.g;
  if (self == nullptr) {
    self = new G();
    self->foreign = true;
    self->status.store(GStatus::kRunning, std::memory_order_relaxed);
    census_enter();
  }
  Sched* s = current_sched();
  if (self->sched != s) {
    // A running plain thread may wake goroutines at any time: the run can no
    // longer prove a deadlock, except while this thread is parked (park).
    if (self->sched != nullptr) self->sched->external.fetch_sub(1, std::memory_order_acq_rel);
    self->sched = s;
    if (s != nullptr) s->external.fetch_add(1, std::memory_order_acq_rel);
  }
  race::bind_thread(self);  // the thread's state may be new (or replaced)
  return self;
}

void park(void (*unlock)(void* arg), void* arg, WaitReason reason) {
  Worker* w = this_worker();
  G* g = w != nullptr ? w->curg : nullptr;
  if (g == nullptr) {
    // A thread that is not a goroutine blocks its OS thread on a futex.
    g = current_g_or_foreign();
    auto* word = reinterpret_cast<std::atomic<uint32_t>*>(&g->status);
    g->wait_reason = reason;
    g->status.store(GStatus::kParked, std::memory_order_release);
    if (g->sched != nullptr) g->sched->external.fetch_sub(1, std::memory_order_acq_rel);
    if (unlock != nullptr) unlock(arg);
    while (g->status.load(std::memory_order_acquire) == GStatus::kParked) {
      os_futex_wait(word, static_cast<uint32_t>(GStatus::kParked));
    }
    if (g->sched != nullptr) g->sched->external.fetch_add(1, std::memory_order_acq_rel);
    g->status.store(GStatus::kRunning, std::memory_order_relaxed);
    return;
  }
  g->wait_reason = reason;
  w->prev = g;
  w->prev_action = PrevAction::kPark;
  w->unlock = unlock;
  w->unlock_arg = arg;
  switch_out(w, g);
}

void park_releasing(SpinLock& lock, WaitReason reason) GOR_NO_THREAD_SAFETY_ANALYSIS {
  park([](void* held) GOR_NO_THREAD_SAFETY_ANALYSIS { static_cast<SpinLock*>(held)->unlock(); },
       &lock, reason);
}

void ready(G* g) {
  // Only the one waker that dequeued g may ready it: no RMW needed.
  if (g->status.load(std::memory_order_acquire) != GStatus::kParked) {
    fatal("ready of a goroutine that is not parked");
  }
  if (g->foreign) {
    g->status.store(GStatus::kRunnable, std::memory_order_release);
    os_futex_wake(reinterpret_cast<std::atomic<uint32_t>*>(&g->status));
    return;
  }
  g->status.store(GStatus::kRunnable, std::memory_order_relaxed);
  Sched* s = g->sched;
  Worker* w = this_worker();
  if (w != nullptr && w->sched == s) {
    // No scheduling point here: wakers may hold a runtime lock (a context
    // closes its done channel under its own lock).
    local_ready(w, g, w->curg != nullptr);
    return;
  }
  global_put(s, g, g, 1);
  wakep(s);
}

void wakep(Sched* s) {
  if (s->nidle.load(std::memory_order_acquire) == 0) return;
  int expected = 0;
  if (s->nspinning.load(std::memory_order_relaxed) != 0 ||
      !s->nspinning.compare_exchange_strong(expected, 1, std::memory_order_acq_rel)) {
    return;
  }
  Worker* idle;
  {
    SpinGuard guard(s->lock);
    idle = s->idle;
    if (idle != nullptr) {
      s->idle = idle->idle_next;
      s->nidle.fetch_sub(1, std::memory_order_acq_rel);
    }
  }
  if (idle == nullptr) {
    s->nspinning.fetch_sub(1, std::memory_order_acq_rel);
    return;
  }
  idle->woken_spinning = true;
  idle->wake.store(1, std::memory_order_release);
  os_futex_wake(&idle->wake);
}

void yield_passes_time() noexcept {
  Worker* w = this_worker();
  if (w == nullptr || !w->sched->deterministic) return;
  Sched* s = w->sched;
  constexpr int64_t kYieldNs = 1000;
  s->vclock.store(s->vclock.load(std::memory_order_relaxed) + kYieldNs, std::memory_order_relaxed);
}

bool lock_spinning_may_pay() noexcept {
  Worker* w = this_worker();
  if (w == nullptr || w->curg == nullptr) return true;
  Sched* s = w->sched;
  const int others_busy = s->nprocs - 1 - s->nidle.load(std::memory_order_relaxed) -
                          s->nspinning.load(std::memory_order_relaxed);
  return !s->deterministic && others_busy > 0 && !w->runq.nonempty();
}

void gosched() {
  Worker* w = this_worker();
  G* g = w != nullptr ? w->curg : nullptr;
  if (g == nullptr) {
    sched_yield();
    return;
  }
  Sched* s = w->sched;
  if (s->stopping.load(std::memory_order_relaxed)) stop_if_abandoned(w, g);
  if (!s->deterministic && !w->runq.nonempty() && s->gq_size.load(std::memory_order_relaxed) == 0) {
    return;  // nothing else to run here
  }
  w->prev = g;
  w->prev_action = PrevAction::kYield;
  switch_out(w, g);
}

void* g_task_storage(G* g, size_t size, size_t align) {
  if (size <= G::kTaskBuf && align <= 16) {
    g->task_on_heap = false;
    return g->task_buf;
  }
  g->task_on_heap = true;
  return ::operator new (size, std::align_val_t{16});
}

void spawn(G* g, GoTask* task, uint32_t race_site) {
  Sched* s = current_sched();
  if (s == nullptr || s->stopping.load(std::memory_order_relaxed)) {
    fatal("gor::go called while no gor::main is running");
  }
  g->task = task;
  g->sched = s;
  g->status.store(GStatus::kRunnable, std::memory_order_relaxed);
  Worker* w = this_worker();
  bool local = w != nullptr && w->sched == s;
  if (local) {
    if (w->goid_next == w->goid_end) {  // ids in batches, as Go's goidcache
      constexpr uint64_t kBatch = 16;
      w->goid_next = s->next_goid.fetch_add(kBatch, std::memory_order_relaxed);
      w->goid_end = w->goid_next + kBatch;
    }
    g->id = w->goid_next++;
    w->ngo.store(w->ngo.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
  } else {
    g->id = s->next_goid.fetch_add(1, std::memory_order_relaxed);
    s->ngoroutines.fetch_add(1, std::memory_order_relaxed);
  }
  race::go(current_g(), g, race_site);
  if (local) {
    local_ready(w, g, false);
    sched_point();  // deterministic mode: the child may run first
    return;
  }
  global_put(s, g, g, 1);
  wakep(s);
}

uint32_t fastrand() noexcept {
  if (Worker* w = this_worker()) return xorshift(w->rng);
  thread_local uint64_t state = 0;
  if (state == 0) state = static_cast<uint64_t>(real_nanotime()) | 1;
  return xorshift(state);
}

std::atomic<bool> g_sched_points_on{false};

void sched_point_slow() {
  Worker* w = this_worker();
  G* g = w != nullptr ? w->curg : nullptr;
  if (g == nullptr) return;
  // Never switch out a goroutine that holds a runtime lock (spinlock.hpp)
  // or a C library lock (note_os_lock); a pending preemption waits for the
  // next point after its release.
  if (spinlocks_held() != 0 || g->os_locks != 0) return;
  if (w->sched->stopping.load(std::memory_order_relaxed)) stop_if_abandoned(w, g);
  if (!w->sched->deterministic) {
    if (w->preempt.load(std::memory_order_relaxed)) {
      preempt_done(w);
      gosched();
    }
    return;
  }
  det_collect(w);
  if (!w->det_runnable.empty()) {
    std::atomic<uint64_t>& steps = w->sched->det_steps;
    steps.store(steps.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
  }
  if (w->sched->strategy->preempt(g, w->det_runnable)) gosched();
}

void note_os_lock(bool acquired) noexcept {
  Worker* w = this_worker();
  G* g = w != nullptr ? w->curg : nullptr;
  if (g == nullptr) return;
  if (acquired) {
    ++g->os_locks;
  } else if (g->os_locks > 0) {  // a lock taken before it ran, or by another
    --g->os_locks;
  }
}

void worker_main(Worker* w) {
  CensusScope accounted;
  tls_worker = w;
  void* altstack = setup_thread_signals();
  for (;;) {
    G* g = find_runnable(w);
    if (g == nullptr) break;
    prepare_to_run(w, g);
    swap_eh(nullptr, &g->eh);
    gor_ctx_switch(&w->g0_sp, g->sp);
    after_switch(w);
  }
  stack_flush(w);
  teardown_thread_signals(altstack);
  tls_worker = nullptr;
  w->sched->live_workers.fetch_sub(1, std::memory_order_release);
}

}  // namespace gor::detail
