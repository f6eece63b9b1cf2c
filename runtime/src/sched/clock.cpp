// The scheduler's clocks: real monotonic time, and deterministic mode's
// virtual time.
#include <time.h>

#include "sched/sched_impl.hpp"

namespace gor::detail {

int64_t nanotime() noexcept {
  Sched* s = current_sched();
  if (s != nullptr && s->deterministic) return s->vclock.load(std::memory_order_relaxed);
  return real_nanotime();
}

int64_t real_nanotime() noexcept {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

}  // namespace gor::detail
