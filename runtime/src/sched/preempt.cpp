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
  const bool waiting = work_waiting(s);
  bool pending = false;
  for (int i = 0; i < s->nprocs; ++i) {
    Worker* w = s->workers[i];
    RunWatch& seen = watch[static_cast<size_t>(i)];
    const uint32_t tick = w->tick.load(std::memory_order_relaxed);
    if (tick != seen.tick) {
      seen = RunWatch{tick, now};
    } else if (waiting && now - seen.since >= kPreemptNs) {
      // An idle worker's tick stands still too: a request there is dropped
      // when it next schedules a goroutine.
      w->preempt.store(true, std::memory_order_relaxed);
      seen.since = now;
    }
    pending = pending || w->preempt.load(std::memory_order_relaxed);
  }
  g_sched_points_on.store(pending, std::memory_order_relaxed);
}

}  // namespace gor::detail
