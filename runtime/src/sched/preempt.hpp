// Preemption, as Go's sysmon asks for it, to keep goroutines from starving:
// a worker whose time slice (Worker::slices) has lasted kPreemptNs is asked
// to switch its goroutine out at its next scheduling point (sched_point:
// every instrumented access and atomic operation, every runtime operation)
// when
//   - every worker is in such a slice and a goroutine waits in some run
//     queue, or
//   - the head of its own queue has waited that long (no other worker
//     stole it, say because each keeps finding work in the global queue).
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

/// Sysmon's record of one worker: the slice count it last saw there and
/// when it first saw it, and the same for its queue's head (taken()).
struct RunWatch {
  uint32_t slices = 0;
  int64_t since = 0;
  uint32_t head = 0;
  int64_t head_since = 0;
};

/// Called by the poller thread at every sysmon tick (`watch` is its own,
/// one entry per worker, kept across calls): sets Worker::preempt on the
/// workers to preempt (see above); turns the scheduling points' slow path
/// on exactly while a request is pending. Nothing in deterministic mode,
/// whose strategy chooses every switch.
void preempt_long_running(Sched* s, std::vector<RunWatch>& watch, int64_t now);

}  // namespace gor::detail
