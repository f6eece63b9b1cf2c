// PCT, probabilistic concurrency testing (Burckhardt, Kothari, Musuvathi,
// Nagarakatte, ASPLOS 2010), on a cooperative scheduler:
//  - every goroutine gets a random priority when first seen (equivalent to
//    inserting it at a uniformly random place in the priority order; all
//    these priorities lie above every lowered one);
//  - the highest-priority runnable goroutine always runs: at a scheduling
//    point the running goroutine is switched out as soon as a runnable one
//    has a higher priority, and the highest one is picked;
//  - d-1 priority-change points are drawn uniformly among the first k steps
//    (a step is a scheduling point at which another goroutine is runnable);
//    at the i-th one the running goroutine's
//    priority drops to d-i, below every other.
// A bug of depth d among n goroutines and k steps is then found with
// probability at least 1/(n k^(d-1)) per run. k, the run's length in steps,
// is best measured: `gorace explore` counts the steps of seed 1's run
// (GORACE_SCHED steps_out) and passes the count to every later seed
// (pct_steps). Without it each seed draws k log-uniformly from 2^1 .. 2^13:
// short programs (a few steps) get small k often enough, long ones up to 8192
// steps are covered, at a cost of a factor 13 on the bound.
#include <algorithm>
#include <unordered_map>

#include "sched/g.hpp"
#include "sched/strategy.hpp"

namespace gor::detail {
namespace {

class PctStrategy final : public Strategy {
 public:
  // `steps`: the run's expected length k (0: unknown, drawn).
  PctStrategy(uint64_t seed, int depth, uint64_t steps) : rng_(seed ^ 0x7063740000000000ull) {
    uint64_t k = steps != 0 ? steps : uint64_t{1} << (1 + rng_.below(13));
    for (int i = 1; i < depth; ++i) change_points_.push_back(1 + rng_.below(k));
    std::sort(change_points_.begin(), change_points_.end());
    next_low_ = static_cast<uint64_t>(depth) - 1;
  }

  size_t pick(const std::vector<G*>& runnable) override {
    size_t best = 0;
    for (size_t i = 1; i < runnable.size(); ++i) {
      if (higher(runnable[i], runnable[best])) best = i;
    }
    return best;
  }

  bool preempt(const G* cur, const std::vector<G*>& runnable) override {
    // Only points where another goroutine could run count as steps: a
    // change point anywhere else could not change the schedule there.
    if (runnable.empty()) return false;
    ++steps_;
    while (next_change_ < change_points_.size() && change_points_[next_change_] <= steps_) {
      // Several change points may share a step: each lowers again.
      ++next_change_;
      priority_[cur->id] = next_low_ > 0 ? next_low_-- : 0;
    }
    for (const G* g : runnable) {
      if (higher(g, cur)) return true;
    }
    return false;
  }

 private:
  // Priorities: drawn ones have the top bit set; lowered ones are d-1 .. 1.
  uint64_t priority(const G* g) {
    auto [it, fresh] = priority_.try_emplace(g->id, 0);
    if (fresh) it->second = (uint64_t{1} << 63) | (rng_.next() >> 1);
    return it->second;
  }
  // Whether a runs before b (ties, improbable, go to the older goroutine).
  bool higher(const G* a, const G* b) {
    uint64_t pa = priority(a);
    uint64_t pb = priority(b);
    return pa != pb ? pa > pb : a->id < b->id;
  }

  SplitMix64 rng_;
  std::vector<uint64_t> change_points_;              // ascending step numbers
  size_t next_change_ = 0;                           // first change point not yet reached
  uint64_t steps_ = 0;                               // scheduling points so far
  uint64_t next_low_;                                // priority given at the next change point
  std::unordered_map<uint64_t, uint64_t> priority_;  // goroutine id -> priority
};

}  // namespace

Strategy* make_pct_strategy(uint64_t seed, int depth, uint64_t steps) {
  return new PctStrategy(seed, depth, steps);
}

}  // namespace gor::detail
