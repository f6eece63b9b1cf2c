// Preemption, as Go's sysmon asks for it, to keep goroutines from starving:
// when every worker has run one goroutine for a whole tick while another
// goroutine waits to run, each is asked to yield at its next scheduling
// point (sched_point: every instrumented access and atomic operation, every
// runtime operation). While some worker still schedules goroutines, it
// takes the waiting ones in turn and nothing is preempted: a goroutine that
// spawns many (Go would preempt it every 10 ms) keeps running, and the
// goroutines it spawned do not all start, and take a stack, before it ends.
// Code compiled without the plugin has scheduling points only in the
// runtime's operations, so a loop that makes none is not preempted there.
#pragma once

#include <cstdint>
#include <vector>

#include "sched/sched_impl.hpp"

namespace gor::detail {

/// How long a goroutine runs before sysmon asks it to yield (Go's
/// forcePreemptNS).
inline constexpr int64_t kPreemptNs = 10 * 1000 * 1000;

/// Sysmon's record of one worker: the schedule count it last saw there and
/// when it first saw it.
struct RunWatch {
  uint32_t tick = 0;
  int64_t since = 0;
};

/// Called by the poller thread at every sysmon tick (`watch` is its own,
/// one entry per worker, kept across calls): when every worker has run one
/// goroutine for kPreemptNs while a goroutine waits in a run queue, sets
/// Worker::preempt on each; turns the scheduling points' slow path on
/// exactly while a request is pending. Nothing in deterministic mode, whose
/// strategy chooses every switch.
void preempt_long_running(Sched* s, std::vector<RunWatch>& watch, int64_t now);

}  // namespace gor::detail
