// The poller thread of a scheduler run (one per gor::main): waits in
// epoll_pwait2 for socket readiness and the earliest timer, fires due timers
// (real-time mode), and once per tick plays Go's sysmon: hands a goroutine
// stuck in a busy worker's runnext to an idle worker, asks a goroutine that
// has run a whole tick while others wait to yield (sched/preempt.hpp),
// releases the memory of surplus free stacks, and detects deadlock.
#include <errno.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "netpoll/netpoll_impl.hpp"
#include "sched/preempt.hpp"
#include "sched/runtime_thread.hpp"
#include "sched/sched_impl.hpp"
#include "sched/thread_census.hpp"

namespace gor::detail {
namespace {

constexpr int64_t kTickNs = 10 * 1000 * 1000;  // sysmon period

// Wakes a worker when some worker's queue has waited for a whole tick while
// another sleeps (a runnext behind a goroutine that never blocks).
void retake(Sched* s) {
  if (s->nidle.load(std::memory_order_acquire) == 0 || s->deterministic) return;
  for (int i = 0; i < s->nprocs; ++i) {
    if (s->workers[i]->runq.nonempty()) {
      wakep(s);
      return;
    }
  }
}

void poller_loop(Sched* s) {
  CensusScope accounted;
  epoll_event events[128];
  uint64_t last_activity = ~uint64_t{0};
  int deadlock_strikes = 0;
  std::vector<RunWatch> run_watch;
  while (!s->stopping.load(std::memory_order_acquire)) {
    int64_t now = real_nanotime();
    int64_t until = now + kTickNs;
    if (!s->deterministic) {
      int64_t next = s->timers.next_when();
      if (next < until) until = next;
    }
    s->poll_until.store(until, std::memory_order_release);
    // Re-check after publishing: a timer armed before the store may be earlier.
    if (!s->deterministic && s->timers.next_when() < until) until = s->timers.next_when();
    int64_t wait_ns = until - now;
    if (wait_ns < 0) wait_ns = 0;
    timespec ts{static_cast<time_t>(wait_ns / 1000000000), static_cast<long>(wait_ns % 1000000000)};
    int n = epoll_pwait2(s->epfd, events, 128, &ts, nullptr);
    s->poll_until.store(INT64_MAX, std::memory_order_release);
    for (int i = 0; i < n; ++i) {
      if (events[i].data.ptr == nullptr) {
        uint64_t v;
        ssize_t r = read(s->evfd, &v, sizeof(v));
        (void)r;
        continue;
      }
      netpoll_ready(static_cast<PollDesc*>(events[i].data.ptr), events[i].events);
    }
    handle_pending_signal();
    if (s->stopping.load(std::memory_order_acquire)) break;
    if (!s->deterministic) s->timers.fire_due(real_nanotime());
    retake(s);
    preempt_long_running(s, run_watch, real_nanotime());
    stack_trim();  // releases memory of surplus free stacks, a bounded batch per tick
    // Deadlock: every worker idle, nothing can wake a goroutine, and no
    // progress across two consecutive checks.
    bool dead;
    {
      SpinGuard guard(s->lock);
      dead = deadlocked(s);
    }
    // A thread the runtime does not know of may still wake a goroutine.
    if (dead && unaccounted_threads()) dead = false;
    uint64_t act = progress(s);
    if (dead && act == last_activity) {
      if (++deadlock_strikes >= 2) report_deadlock(s);
    } else {
      deadlock_strikes = dead ? 1 : 0;
    }
    last_activity = act;
  }
}

}  // namespace

void poller_start(Sched* s) {
  s->epfd = epoll_create1(EPOLL_CLOEXEC);
  s->evfd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (s->epfd < 0 || s->evfd < 0) fatal("netpoll: cannot create epoll/eventfd");
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.ptr = nullptr;
  if (epoll_ctl(s->epfd, EPOLL_CTL_ADD, s->evfd, &ev) != 0)
    fatal("netpoll: cannot watch the poller's wake-up eventfd");
  start_runtime_thread([s] { poller_loop(s); });
}

void poller_wake(Sched* s) {
  uint64_t one = 1;
  ssize_t r = write(s->evfd, &one, sizeof(one));
  (void)r;
}

void timers_wake_poller(Sched* s, int64_t when) {
  if (!s->deterministic && when < s->poll_until.load(std::memory_order_acquire)) poller_wake(s);
}

}  // namespace gor::detail
