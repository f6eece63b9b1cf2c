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
  bool all_stuck = true;
  for (int i = 0; i < s->nprocs; ++i) {
    RunWatch& seen = watch[static_cast<size_t>(i)];
    Worker* w = s->workers[i];
    // An idle worker's count stands still too, but retake() wakes it while
    // work waits.
    if (const uint32_t slices = w->slices.load(std::memory_order_relaxed); slices != seen.slices) {
      seen.slices = slices;
      seen.since = now;
    }
    if (const uint32_t head = w->runq.taken(); head != seen.head || !w->runq.ring_nonempty()) {
      seen.head = head;
      seen.head_since = now;
    }
    all_stuck = all_stuck && now - seen.since >= kPreemptNs;
  }
  const bool everyone = all_stuck && work_waiting(s);
  for (int i = 0; i < s->nprocs; ++i) {
    RunWatch& seen = watch[static_cast<size_t>(i)];
    const bool starving = now - seen.since >= kPreemptNs && now - seen.head_since >= kPreemptNs;
    if (everyone || starving) {
      s->workers[i]->preempt.store(true, std::memory_order_relaxed);
      seen.since = now;
      seen.head_since = now;
    }
  }
  bool pending = false;
  for (int i = 0; i < s->nprocs; ++i)
    pending = pending || s->workers[i]->preempt.load(std::memory_order_relaxed);
  g_sched_points_on.store(pending, std::memory_order_relaxed);
}

}  // namespace gor::detail
