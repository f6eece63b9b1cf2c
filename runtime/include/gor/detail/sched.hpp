// Internal scheduling API used by the runtime's own primitives (channels,
// select, sync, timers, net, blocking). Not part of the public API.
#pragma once

#include <cstdint>

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
  kRWMutex,
  kWaitGroup,
  kCond,
  kIOWait,
  kBlockingCall,
  kOther,
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
void park(void (*unlock)(void* arg), void* arg, WaitReason reason);

/// Makes the parked goroutine `g` runnable. Callable from any goroutine or
/// any foreign thread (timers, blocking helpers, the netpoller). When called
/// from a goroutine, `g` goes to that P's runnext slot (runs next, on this
/// core); from a foreign thread, to the global queue, waking an idle worker.
void ready(G* g);

/// Per-goroutine slot owned by the race integration (analyzer state).
void*& race_slot(G* g) noexcept;

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
/// caller retries its syscall and waits again on EAGAIN) or netpoll_close(fd)
/// was called. The worker thread is never blocked meanwhile.
void netpoll_wait(int fd, IoMode mode);
/// Unregisters `fd` and wakes every goroutine waiting on it. Call before
/// close(fd).
void netpoll_close(int fd);

/// Prints "fatal error: <msg>" with the current goroutine's id and exits
/// with status 2 (unrecoverable, like Go's throw).
[[noreturn]] void fatal(const char* msg);

}  // namespace gor::detail
