// The scheduler's internal state: Sched (one per gor::main run) and Worker
// (an OS thread that owns one logical processor: Go's M and P in one, since
// goroutines never make blocking system calls on a worker: gor::blocking and
// the netpoller take those off the workers).
#pragma once

#include <atomic>
#include <cstdint>
#include <vector>

#include "gor/detail/sched.hpp"
#include "gor/detail/spinlock.hpp"
#include "sched/g.hpp"
#include "sched/runq.hpp"
#include "sched/strategy.hpp"
#include "time/timer_heap.hpp"

namespace gor::detail {

struct Sched;

/// What the next context does with the goroutine that switched away
/// (after_switch): only then is that goroutine's context fully saved.
enum class PrevAction : uint8_t { kPark, kYield, kExit };

struct alignas(64) Worker {
  Sched* sched = nullptr;
  RunQueue runq;
  // Schedules since start (progress for the deadlock check and for
  // stealing's runnext grace). Written by the owner only (relaxed load + store, no RMW).
  std::atomic<uint32_t> tick{0};
  // Time slices started (Go's schedtick): schedules, except of a goroutine
  // taken from runnext, which inherits the slice of the one that readied it
  // (a pair handing off through a channel shares one slice). Written by the
  // owner only; sysmon preempts a slice that lasts kPreemptNs, and every
  // 61st slice starts with the global queue (fairness).
  std::atomic<uint32_t> slices{0};
  // Whether the goroutine pick_local() returned last came from runnext
  // (and so inherits the running slice). Owner only.
  bool inherits_slice = false;
  // Set by sysmon (sched/preempt.hpp) when the running time slice has lasted
  // kPreemptNs while others wait; cleared by the owner when its goroutine
  // yields at a scheduling point or when the owner starts a new slice (a
  // runnext goroutine inherits the request with the slice), or by sysmon
  // when no goroutine took it for another kPreemptNs.
  std::atomic<bool> preempt{false};
  uint64_t rng = 0;       // xorshift state (seeded in deterministic mode)
  void* g0_sp = nullptr;  // the worker loop's saved context
  G* curg = nullptr;      // the goroutine running here; null on the worker loop

  // Hand-off to the next context on this thread (see after_switch).
  G* prev = nullptr;
  PrevAction prev_action = PrevAction::kPark;
  void (*unlock)(void*) = nullptr;
  void* unlock_arg = nullptr;

  // Idle parking: the worker sleeps on `wake` (futex) while on the idle list.
  std::atomic<uint32_t> wake{0};
  bool woken_spinning = false;  // set by wakep before `wake`: start spinning
  bool spinning = false;        // looking for work (counted in Sched::nspinning)
  Worker* idle_next = nullptr;  // guarded by Sched::lock

  std::vector<Stack> stack_cache;  // free stacks, owner only
  G* free_gs = nullptr;            // free descriptors, owner only
  uint32_t n_free_gs = 0;

  // Deterministic mode: the run set. Owner only, except that deadlocked()
  // reads empty() from the poller while every worker is idle (none changes
  // it then) under s->lock.
  std::vector<G*> det_runnable;
  // Deterministic mode: real time since which nothing was runnable while an
  // outside wake-up was pending (0: not waiting; owner only).
  int64_t det_waiting_since = 0;

  // Goroutines spawned minus goroutines exited here (owner only; summed by
  // num_goroutine), and a batch of goroutine ids [goid_next, goid_end).
  std::atomic<int64_t> ngo{0};
  uint64_t goid_next = 0;
  uint64_t goid_end = 0;
};

struct Sched {
  int nprocs = 1;
  bool deterministic = false;
  Strategy* strategy = nullptr;  // deterministic mode's (sched/strategy.hpp); never freed
  StrategyConfig det_config;     // deterministic mode: the strategy's configuration
  // Deterministic mode: scheduling points so far at which another goroutine
  // was runnable (PCT's steps). Written by the one worker (load + store);
  // read by gor::main's caller once the main goroutine ended, or at exit().
  std::atomic<uint64_t> det_steps{0};
  Worker** workers = nullptr;
  std::atomic<bool> stopping{false};

  // Global run queue and idle workers. Invariant: a worker is on the idle
  // list iff it is (about to be) asleep on its futex and counted in nidle.
  SpinLock lock;
  G* gq_head GOR_GUARDED_BY(lock) = nullptr;
  G* gq_tail GOR_GUARDED_BY(lock) = nullptr;
  std::atomic<uint32_t> gq_size{0};
  Worker* idle GOR_GUARDED_BY(lock) = nullptr;
  std::atomic<int> nidle{0};
  std::atomic<int> nspinning{0};

  std::atomic<int> external{0};            // pending external wake-ups (see sched.hpp)
  std::atomic<uint64_t> external_done{0};  // external_wakeup_end calls (deadlock check)
  std::atomic<uint64_t> next_goid{1};
  std::atomic<int64_t> ngoroutines{0};  // main + foreign spawns (see Worker::ngo)

  // Free goroutine descriptors shared by the workers (Go's sched.gFree): a
  // worker whose own list is full moves half here, one whose list is empty
  // takes a batch, so a goroutine spawned on one worker and finished on
  // another does not cost a malloc and a cross-thread free.
  SpinLock gfree_lock;
  G* gfree GOR_GUARDED_BY(gfree_lock) = nullptr;
  std::atomic<uint32_t> n_gfree{0};  // written under gfree_lock

  G* main_g = nullptr;
  std::atomic<uint32_t> main_done{0};  // futex: 1 once the main goroutine returned
  std::atomic<int> live_workers{0};    // workers not yet out of worker_main's loop

  TimerHeap timers;
  std::atomic<int64_t> vclock{0};  // deterministic mode's virtual nanotime

  // Netpoller / timer thread (netpoll/poller.cpp).
  int epfd = -1;
  int evfd = -1;
  std::atomic<int64_t> poll_until{0};  // deadline the poller sleeps until
};

/// The worker running on this thread, or null. Never inlined (see
/// current_g): do not cache across a park point.
Worker* this_worker() noexcept;
/// The scheduler of this thread's worker, else the most recent one.
Sched* current_sched() noexcept;
/// The most recently started scheduler (null before the first gor::main).
extern std::atomic<Sched*> g_current_sched;

/// Goroutines alive in the run (approximate while it changes).
int64_t live_goroutines(Sched* s);
/// A counter that changes whenever a goroutine is scheduled or an external
/// wake-up ends (the deadlock check's proof of no progress).
uint64_t progress(Sched* s);

/// Deletes the descriptors on the scheduler's free list (once the run
/// stopped; a worker still exiting may add a few more, which are kept).
void gfree_release(Sched* s);
/// Recycles the descriptor of an ended goroutine into w's free list
/// (g_cache.cpp; new_g takes from it).
void gfree_put(Worker* w, G* g);

/// park() whose unlock step releases `lock`, held by the caller: the typed
/// form lets -Wthread-safety follow the release through the switch.
void park_releasing(SpinLock& lock, WaitReason reason) GOR_RELEASE(lock);

/// Wakes an idle worker to spin for work if none is spinning.
void wakep(Sched* s);
/// Runs the worker loop until the scheduler stops (worker thread body).
void worker_main(Worker* w);

/// Wakes the poller thread if a timer due at `when` is earlier than its
/// current wait (netpoll/poller.cpp); nothing in deterministic mode.
void timers_wake_poller(Sched* s, int64_t when);

/// Netpoller thread (netpoll/poller.cpp): started and stopped with the run.
void poller_start(Sched* s);
void poller_wake(Sched* s);

/// True when every goroutine is blocked and nothing can wake one (call with
/// the lock held).
bool deadlocked(Sched* s) GOR_REQUIRES(s->lock);
/// Prints the deadlock error with the main goroutine's state and exits 2.
[[noreturn]] void report_deadlock(Sched* s);

/// Prints "panic: <msg>" for goroutine `g` and exits 2.
[[noreturn]] void die_panic(const char* msg, const G* g);
/// Process-wide setup (signal handlers) and per-thread setup (the alternate
/// signal stack the overflow handler runs on; returned for teardown).
void install_signal_handlers();
/// On the poller: after a terminating signal (SIGINT, SIGTERM, SIGHUP whose
/// action the program left default), writes the race reports so far and
/// their HTML page, then ends the process by that signal. No-op otherwise.
void handle_pending_signal();
/// Makes std::terminate on a goroutine (an uncaught exception: Go's
/// unrecovered panic) print "panic: <what()>", the goroutine and its stack
/// (race detection on), and exit 2. Idempotent.
void install_terminate_handler();
void* setup_thread_signals();
void teardown_thread_signals(void* altstack);

/// Calls visit(g, context) for every goroutine descriptor the slab ever made
/// (g_alloc.cpp), in the order made: live ones and free ones (kDead), and
/// the stand-ins of foreign threads. Holds the slab's lock: `visit` must
/// not make or free a descriptor. For fatal reports (every goroutine
/// parked).
void for_each_g(void (*visit)(G* g, void* context), void* context);

/// Stacks (sched/stack.cpp).
Stack stack_get(Worker* w);
void stack_put(Worker* w, Stack st);
void stack_flush(Worker* w);
/// Releases (MADV_DONTNEED) up to 256 pooled free stacks beyond the hot
/// reserve; called by the poller thread once per tick.
void stack_trim();
/// Guard region below a stack, in bytes.
size_t stack_guard_size();

/// The current goroutine, or for a thread that is not running one, a
/// per-thread stand-in (G::foreign) that park() blocks on a futex and
/// ready() wakes: channel operations work from any thread.
G* current_g_or_foreign();

/// Lets other goroutines run (gor::yield).
void gosched();
/// gor::yield()'s part in deterministic mode: virtual time passes (a
/// microsecond; the worker fires what fell due before its next pick), so a
/// goroutine polling with yield() while another sleeps lets the sleeper
/// wake. No-op otherwise.
void yield_passes_time() noexcept;

/// Real monotonic nanoseconds.
int64_t real_nanotime() noexcept;

}  // namespace gor::detail
