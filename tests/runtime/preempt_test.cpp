// Sysmon's preemption requests (runtime/src/sched/preempt.cpp), driven with
// a hand-made clock: which worker is asked, when a request is withdrawn,
// that a withdrawn one is made again, and when the scheduling points' slow
// path goes off.
#include "sched/preempt.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "sched/g.hpp"

namespace gor::detail {
namespace {

constexpr int64_t kMs = 1000 * 1000;

// One worker whose goroutine runs on (its slice count never moves) while a
// goroutine waits in its runnext slot.
class OneBusyWorker : public ::testing::Test {
 protected:
  OneBusyWorker() {
    workers_[0] = &worker_;
    sched_.nprocs = 1;
    sched_.workers = workers_;
    worker_.sched = &sched_;
    worker_.runq.put_next(&waiting_);
  }
  ~OneBusyWorker() override { g_sched_points_on.store(false); }

  /// Runs sysmon's check at `ms` milliseconds; returns whether the worker
  /// is asked to preempt afterwards.
  bool tick(int64_t ms) {
    preempt_long_running(&sched_, watch_, ms * kMs);
    return worker_.preempt.load();
  }

  Sched sched_;
  Worker worker_;
  Worker* workers_[1] = {};
  G waiting_;
  std::vector<RunWatch> watch_;
};

TEST_F(OneBusyWorker, IsAskedOnceTheWaiterWaitedASlice) {
  EXPECT_FALSE(tick(0));
  EXPECT_FALSE(tick(5));
  EXPECT_TRUE(tick(10));
  EXPECT_TRUE(g_sched_points_on.load());
}

// A request not taken for a slice is withdrawn (the goroutine may make no
// scheduling point: every worker's points would stay on the slow path), but
// made again later: the goroutine's thread may only have been without a
// CPU (a loaded machine), and the waiter would wait forever.
TEST_F(OneBusyWorker, AWithdrawnRequestIsMadeAgainLessAndLessOften) {
  ASSERT_TRUE(tick(10));
  EXPECT_FALSE(tick(20));  // not taken: withdrawn
  EXPECT_FALSE(g_sched_points_on.load());
  std::vector<int64_t> asked;  // when it was asked again
  for (int64_t ms = 21; ms <= 400; ms++) {
    const bool was_asked = worker_.preempt.load();
    if (tick(ms) && !was_asked) asked.push_back(ms);
  }
  ASSERT_GE(asked.size(), 3u);
  EXPECT_LE(asked[0], 40);
  for (size_t i = 2; i < asked.size(); i++)
    EXPECT_GT(asked[i] - asked[i - 1], asked[i - 1] - asked[i - 2]) << i;
}

// A request taken (the goroutine yields at a scheduling point) turns the
// points' slow path off at once: it stayed on until sysmon's next tick, so
// every access and operation took it meanwhile.
TEST_F(OneBusyWorker, TakingTheRequestTurnsTheSlowPathOff) {
  ASSERT_TRUE(tick(10));
  ASSERT_TRUE(g_sched_points_on.load());
  preempt_done(&worker_);
  EXPECT_FALSE(worker_.preempt.load());
  EXPECT_FALSE(g_sched_points_on.load());
}

// The slow path stays on while another worker's request is pending.
TEST(PreemptDone, LeavesTheSlowPathOnForAnotherWorkersRequest) {
  Sched sched;
  Worker first, second;
  Worker* workers[2] = {&first, &second};
  sched.nprocs = 2;
  sched.workers = workers;
  first.sched = second.sched = &sched;
  first.preempt.store(true);
  second.preempt.store(true);
  g_sched_points_on.store(true);
  preempt_done(&first);
  EXPECT_TRUE(g_sched_points_on.load());
  preempt_done(&second);
  EXPECT_FALSE(g_sched_points_on.load());
}

}  // namespace
}  // namespace gor::detail
