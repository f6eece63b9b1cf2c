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

// Whether sysmon's request to some worker is pending, or the scheduler is
// stopping (gor::main returned): then every running goroutine is asked to
// stop at its next scheduling point (sched_point_slow).
bool any_request(Sched* s) {
  if (s->stopping.load(std::memory_order_relaxed)) return true;
  for (int i = 0; i < s->nprocs; ++i) {
    if (s->workers[i]->preempt.load(std::memory_order_relaxed)) return true;
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
      seen.request = RunWatch::Request::kNone;
      seen.withdrawals = 0;
    }
    if (const uint32_t head = w->runq.taken(); head != seen.head || !w->runq.ring_nonempty()) {
      seen.head = head;
      seen.head_since = now;
    }
    if (const G* next = w->runq.peek_next(); next != seen.next || next == nullptr) {
      seen.next = next;
      seen.next_since = now;
    }
    all_stuck = all_stuck && now - seen.since >= kPreemptNs;
  }
  const bool everyone = all_stuck && work_waiting(s);
  for (int i = 0; i < s->nprocs; ++i) {
    RunWatch& seen = watch[static_cast<size_t>(i)];
    std::atomic<bool>& preempt = s->workers[i]->preempt;
    if (seen.request == RunWatch::Request::kWithdrawn) {
      if (now < seen.retry_at) continue;
      seen.request = RunWatch::Request::kNone;
    }
    if (seen.request == RunWatch::Request::kAsked) {
      if (now - seen.asked_at < kPreemptNs) continue;
      if (preempt.load(std::memory_order_relaxed)) {
        // Not taken for a whole slice: the goroutine makes no scheduling
        // point, or its thread did not run. Ask again later, less often.
        preempt.store(false, std::memory_order_relaxed);
        seen.request = RunWatch::Request::kWithdrawn;
        const uint32_t shift =
            seen.withdrawals < kMaxRetryShift ? seen.withdrawals : kMaxRetryShift;
        seen.retry_at = now + (kPreemptNs << shift);
        seen.withdrawals++;
        continue;
      }
      // Taken, and the slice still goes on (runnext goroutines inherit it).
    }
    const bool long_slice = now - seen.since >= kPreemptNs;
    const bool starving =
        now - seen.head_since >= kPreemptNs || now - seen.next_since >= kPreemptNs;
    if (long_slice && (everyone || starving)) {
      preempt.store(true, std::memory_order_relaxed);
      seen.request = RunWatch::Request::kAsked;
      seen.asked_at = now;
    }
  }
  // Pairs with preempt_done's fence: a worker that turns the slow path off
  // either sees the requests made above or turns it off before this turns
  // it on.
  std::atomic_thread_fence(std::memory_order_seq_cst);
  g_sched_points_on.store(any_request(s), std::memory_order_relaxed);
}

void preempt_done(Worker* w) {
  w->preempt.store(false, std::memory_order_relaxed);
  Sched* s = w->sched;
  if (any_request(s)) return;
  g_sched_points_on.store(false, std::memory_order_relaxed);
  // A request sysmon made meanwhile: either its fence comes after this one,
  // and its store of the flag after the one above, or the loads below see it.
  std::atomic_thread_fence(std::memory_order_seq_cst);
  if (any_request(s)) g_sched_points_on.store(true, std::memory_order_relaxed);
}

}  // namespace gor::detail
