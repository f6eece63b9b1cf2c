#include "sched/preempt.hpp"

namespace gor::detail {
namespace {

// Whether a goroutine waits in some run queue.
bool work_waiting(Sched* s) {
  if (s->gq_size.load(std::memory_order_relaxed) != 0) return true;
  for (int i = 0; i < s->nprocs; ++i) {
    if (s->workers[i]->runq.nonempty()) return true;
  }
  return false;
}

}  // namespace

void preempt_long_running(Sched* s, std::vector<RunWatch>& watch, int64_t now) {
  if (s->deterministic) return;
  watch.resize(static_cast<size_t>(s->nprocs));
  // Stuck: no schedule on the worker for kPreemptNs (an idle worker's count
  // stands still too, but retake() wakes it while work waits).
  bool all_stuck = true;
  for (int i = 0; i < s->nprocs; ++i) {
    RunWatch& seen = watch[static_cast<size_t>(i)];
    const uint32_t tick = s->workers[i]->tick.load(std::memory_order_relaxed);
    if (tick != seen.tick) seen = RunWatch{tick, now};
    all_stuck = all_stuck && now - seen.since >= kPreemptNs;
  }
  // While some worker still schedules, it takes waiting goroutines in turn
  // (stealing), as it would without preemption.
  if (all_stuck && work_waiting(s)) {
    for (int i = 0; i < s->nprocs; ++i) {
      s->workers[i]->preempt.store(true, std::memory_order_relaxed);
      watch[static_cast<size_t>(i)].since = now;
    }
  }
  bool pending = false;
  for (int i = 0; i < s->nprocs; ++i)
    pending = pending || s->workers[i]->preempt.load(std::memory_order_relaxed);
  g_sched_points_on.store(pending, std::memory_order_relaxed);
}

}  // namespace gor::detail
