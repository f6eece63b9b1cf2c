// What the deadlock check reads: whether some goroutine can still be woken
// (by a worker, a timer, a socket or a plain thread) and whether the run
// made progress since the last check (netpoll/poller.cpp runs it).
#include "sched/sched_impl.hpp"

namespace gor::detail {

void external_wakeup_begin() noexcept {
  if (Sched* s = current_sched()) s->external.fetch_add(1, std::memory_order_acq_rel);
}

void external_wakeup_end() noexcept {
  if (Sched* s = current_sched()) {
    s->external_done.fetch_add(1, std::memory_order_relaxed);
    s->external.fetch_sub(1, std::memory_order_acq_rel);
  }
}

int64_t live_goroutines(Sched* s) {
  int64_t n = s->ngoroutines.load(std::memory_order_relaxed);
  for (int i = 0; i < s->nprocs; ++i) n += s->workers[i]->ngo.load(std::memory_order_relaxed);
  return n;
}

uint64_t progress(Sched* s) {
  uint64_t p = s->external_done.load(std::memory_order_acquire);
  for (int i = 0; i < s->nprocs; ++i) p += s->workers[i]->tick.load(std::memory_order_relaxed);
  return p;
}

bool deadlocked(Sched* s) {
  if (s->nidle.load(std::memory_order_acquire) != s->nprocs) return false;
  if (s->stopping.load(std::memory_order_acquire) || s->main_done.load(std::memory_order_acquire))
    return false;
  if (s->gq_head != nullptr || s->timers.count() != 0 ||
      s->external.load(std::memory_order_acquire) != 0) {
    return false;
  }
  for (int i = 0; i < s->nprocs; ++i) {
    if (s->workers[i]->runq.nonempty() || !s->workers[i]->det_runnable.empty()) return false;
  }
  return true;
}

}  // namespace gor::detail
