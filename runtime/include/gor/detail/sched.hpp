// Internal scheduling API used by the runtime's own primitives (channels,
// select, sync, timers, net, blocking). Not part of the public API.
#pragma once

#include "gor/detail/plugin_annotations.hpp"
#include "gor/detail/requires_cxx20.hpp"

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <new>
#include <type_traits>
#include <utility>

namespace gor::detail {

/// A goroutine descriptor. Opaque outside the scheduler.
struct G;

/// Why a goroutine is parked (shown in deadlock and panic traces).
enum class WaitReason : uint8_t {
  kChanSend,
  kChanRecv,
  kSelect,
  kSelectNoCases,
  kNilChan,
  kSleep,
  kMutex,
  kRWMutex,   // a writer's Lock
  kRWMutexR,  // a reader's RLock
  kWaitGroup,
  kCond,
  kIOWait,
  kBlockingCall,
  kOther,
  kNilChanSend,  // added by the scheduler: a send on a nil channel
};

/// The goroutine running on this worker, or nullptr on a thread that is not
/// running a goroutine. Never inlined: a goroutine may resume on another
/// worker thread, so callers must not cache it across a park point.
G* current_g() noexcept;

/// Goroutine id (main is 1) of `g`.
uint64_t goid_of(const G* g) noexcept;

/// Parks the current goroutine. `unlock(arg)` (may be null) runs after the
/// goroutine's context is saved, on the scheduler's stack, so a waker that
/// takes the same lock can never ready() a goroutine that is still running.
/// Returns after another goroutine or thread called ready() on it.
/// On a thread that is not running a goroutine, blocks that OS thread
/// instead (ready() then wakes it); the runtime's channels rely on this.
void park(void (*unlock)(void* arg), void* arg, WaitReason reason);

/// Makes the parked goroutine `g` runnable. Callable from any goroutine or
/// any foreign thread (timers, blocking helpers, the netpoller). When called
/// from a goroutine, `g` goes to that P's runnext slot (runs next, on this
/// core); from a foreign thread, to the global queue, waking an idle worker.
void ready(G* g);

/// Per-goroutine slot owned by the race integration (analyzer state).
void*& race_slot(G* g) noexcept;
/// The race slot of the goroutine running on this worker, or nullptr when
/// none runs here or its slot is empty: current_g() and race_slot() in one
/// call, for the race hooks' hot path. Not cached across a park point, as
/// current_g().
void* current_race_slot() noexcept;

/// Announces that a wake-up may come from outside the scheduler (a blocking
/// helper thread, an armed timer, a socket in the netpoller): while any is
/// pending, "all goroutines are asleep" is not a deadlock.
void external_wakeup_begin() noexcept;
/// Ends one external_wakeup_begin().
void external_wakeup_end() noexcept;

}  // namespace gor::detail

namespace gor::detail {

/// Readiness a goroutine waits for on a file descriptor.
enum class IoMode : uint8_t { kRead, kWrite };

/// Registers the non-blocking descriptor `fd` with the netpoller (epoll,
/// edge-triggered). Must precede netpoll_wait on it.
void netpoll_open(int fd);
/// Parks the current goroutine until `fd` may be ready for `mode` (the
/// caller retries its syscall and waits again on EAGAIN), netpoll_close(fd)
/// or netpoll_interrupt(fd, mode) was called, or nanotime() reaches
/// `deadline` (0: none). Returns false when the deadline passed first. The
/// worker thread is never blocked meanwhile.
bool netpoll_wait(int fd, IoMode mode, int64_t deadline = 0);
/// Wakes the goroutine waiting on `fd` for `mode`, if any, as a readiness
/// event would (its deadline changed: it re-checks it).
void netpoll_interrupt(int fd, IoMode mode);
/// Wakes every goroutine waiting on `fd`, and makes every later
/// netpoll_wait on it return at once: the descriptor is being closed (Go's
/// pollUnblock). Its owner fails the woken operations.
void netpoll_evict(int fd);
/// Unregisters `fd` and wakes every goroutine waiting on it. Call before
/// close(fd).
void netpoll_close(int fd);

/// Prints "fatal error: <msg>" with the current goroutine's id and exits
/// with status 2 (unrecoverable, like Go's throw).
[[noreturn]] void fatal(const char* msg);

}  // namespace gor::detail

// ---------------------------------------------------------------------------
// Goroutine creation and scheduler queries (added by the scheduler area).
namespace gor::detail {

/// A goroutine's function, type-erased. invoke() runs it once; destroy()
/// runs the destructor (the runtime owns the storage, see g_task_storage).
struct GoTask {
  void (*invoke)(GoTask*);
  void (*destroy)(GoTask*);
};

/// A fresh goroutine descriptor, not yet runnable. Follow with g_task_storage
/// and spawn().
G* new_g();
/// Storage of `size` bytes aligned to `align` for g's task: inside the
/// descriptor when it fits, else on the heap (freed by the runtime).
void* g_task_storage(G* g, size_t size, size_t align);
/// Makes `g` runnable with `task` (constructed in g's task storage). Callable
/// from goroutines and from foreign threads while a scheduler runs.
/// `race_site`: g's creation stack for race reports (race::creation_site()),
/// when not the spawner's own.
void spawn(G* g, GoTask* task, uint32_t race_site = 0);
/// Runs `g` (prepared as for spawn) as the main goroutine of a new scheduler
/// on the calling thread's behalf; returns when it finishes.
int run_main(G* g, GoTask* task);

/// A goroutine's task: runs `fn` once, on the goroutine.
template <class Fn>
struct GoTaskImpl final : GoTask {
  explicit GoTaskImpl(Fn&& f) : GoTask{&run, &destroy_it}, fn(std::move(f)) {}
  /// The task is the goroutine's own once it runs: its closure's captures
  /// are not checked where they do not escape (GOR_GOROUTINE_ENTRY), as Go
  /// checks no closure field.
  GOR_GOROUTINE_ENTRY static void run(GoTask* t) { static_cast<GoTaskImpl*>(t)->fn(); }
  static void destroy_it(GoTask* t) { static_cast<GoTaskImpl*>(t)->~GoTaskImpl(); }
  Fn fn;
};

/// A new goroutine descriptor whose task runs `fn()`; pass both to spawn().
template <class Fn>
std::pair<G*, GoTask*> make_goroutine(Fn&& fn) {
  using Impl = GoTaskImpl<std::decay_t<Fn>>;
  G* g = new_g();
  void* mem = g_task_storage(g, sizeof(Impl), alignof(Impl));
  return {g, new (mem) Impl(std::decay_t<Fn>(std::forward<Fn>(fn)))};
}

/// A pseudo-random number from the current worker's generator (seeded in
/// deterministic mode). Callable from any thread.
uint32_t fastrand() noexcept;
/// Monotonic nanoseconds: real time, or the virtual clock in deterministic
/// mode.
int64_t nanotime() noexcept;

/// True while scheduling points must look at the scheduler: always in
/// deterministic mode; otherwise while sysmon asks a long-running goroutine
/// to yield (preemption, sched/preempt.hpp).
extern std::atomic<bool> g_sched_points_on;
/// sched_point's slow path: in deterministic mode, asks the strategy whether
/// to switch the current goroutine out; otherwise yields if sysmon asked
/// this worker's goroutine to. Does nothing off a goroutine, or while it
/// holds a runtime SpinLock or a C library lock (note_os_lock).
void sched_point_slow();
/// Counts the C library locks (std::mutex, pthread mutexes, rwlocks and
/// spinlocks) the current goroutine holds: `acquired` after a lock
/// succeeds, else after an unlock. While it holds one, no scheduling point
/// switches it out, so that another goroutine waiting on that lock cannot
/// block the worker that would run the holder. No-op off a goroutine.
void note_os_lock(bool acquired) noexcept;
/// Whether a goroutine that failed to take a lock may spin rather than
/// park (Go's runtime_canSpin): another processor is running, which may be
/// the holder's, and nothing else is queued on this one (spinning would
/// keep a woken waiter from running: the mutex's starvation mode could not
/// start). True off a goroutine.
bool lock_spinning_may_pay() noexcept;
/// A point where deterministic mode may switch goroutines, chosen by the
/// strategy: every instrumented access, every `go` statement, and the entry
/// of every synchronisation operation (channel send, receive and close,
/// select, the sync types' operations, and the queries a loop polls:
/// Chan::len, Context::err, num_goroutine); where a goroutine that has run
/// for a whole sysmon tick while others wait yields; and where a goroutine
/// still running when gor::main returned stops for good. A single
/// predictable branch otherwise.
inline void sched_point() {
  if (g_sched_points_on.load(std::memory_order_relaxed)) [[unlikely]]
    sched_point_slow();
}

}  // namespace gor::detail
