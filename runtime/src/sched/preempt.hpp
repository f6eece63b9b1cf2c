// Preemption, as Go's sysmon asks for it, to keep goroutines from starving:
// a worker whose time slice (Worker::slices) has lasted kPreemptNs is asked
// to switch its goroutine out at its next scheduling point (sched_point:
// every instrumented access and atomic operation, every runtime operation)
// when
//   - every worker is in such a slice and a goroutine waits in some run
//     queue, or
//   - the head of its own queue, or its runnext goroutine, has waited that
//     long (no other worker stole it, say because each keeps finding work
//     in the global queue).
// A request the running goroutine has not taken after another kPreemptNs
// (it makes no scheduling point: code compiled without the plugin; or its
// thread got no CPU meanwhile, on a loaded machine) is withdrawn, and made
// again after twice as long each time (up to kMaxRetryShift doublings) for
// the rest of that slice: the scheduling points of every worker do not stay
// on the slow path meanwhile, and a goroutine whose thread was only
// descheduled is still preempted.
// A runnext goroutine inherits the slice of the goroutine that readied it,
// so a pair handing off through a channel is preempted as one.
// While its queue's head moves (other workers steal from it), a worker is
// left alone: a goroutine that spawns many (Go would preempt it every 10 ms)
// keeps running, and the goroutines it spawned do not all start, and take a
// stack, before it ends. Code compiled without the plugin has scheduling
// points only in the runtime's operations, so a loop that makes none is not
// preempted there.
#pragma once

#include <cstdint>
#include <vector>

#include "sched/sched_impl.hpp"

namespace gor::detail {

/// How long a goroutine runs before sysmon asks it to yield (Go's
/// forcePreemptNS).
inline constexpr int64_t kPreemptNs = 10 * 1000 * 1000;
/// A withdrawn request is made again after kPreemptNs << min(withdrawals,
/// kMaxRetryShift): at most every 0.64 s.
inline constexpr uint32_t kMaxRetryShift = 6;

/// Sysmon's record of one worker: the slice count it last saw there and
/// when it first saw it, the same for its queue's head (taken()) and its
/// runnext goroutine, and the slice it last asked to preempt.
struct RunWatch {
  uint32_t slices = 0;
  int64_t since = 0;
  uint32_t head = 0;
  int64_t head_since = 0;
  const G* next = nullptr;
  int64_t next_since = 0;
  /// The request made for slice `slices`: none, asked at `asked_at`, or
  /// withdrawn (not taken for a whole slice) until `retry_at`.
  enum class Request : uint8_t { kNone, kAsked, kWithdrawn } request = Request::kNone;
  int64_t asked_at = 0;
  int64_t retry_at = 0;
  uint32_t withdrawals = 0;  ///< in slice `slices`
};

/// Called by the poller thread at every sysmon tick (`watch` is its own,
/// one entry per worker, kept across calls): sets Worker::preempt on the
/// workers to preempt (see above); turns the scheduling points' slow path
/// on while a request is pending (off when none is: preempt_done turns it
/// off sooner). Nothing in deterministic mode, whose strategy chooses
/// every switch.
void preempt_long_running(Sched* s, std::vector<RunWatch>& watch, int64_t now);

/// Worker `w`'s pending request is over (its goroutine yields to it, or the
/// worker starts a new slice): clears it, and turns the scheduling points'
/// slow path off when no worker has a request left. Owner only, never in
/// deterministic mode. Without this the slow path stayed on until the next
/// tick, and a pair handing off through a channel, asked at every tick,
/// took it at every access and operation (a fifth of plain Buffered's
/// time at GOMAXPROCS=1).
void preempt_done(Worker* w);

}  // namespace gor::detail
