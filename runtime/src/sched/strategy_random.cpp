// The seeded uniform random strategy: at each scheduling point the running
// goroutine is switched out with probability 1/kSwitchOneIn, and the next
// goroutine is drawn uniformly from the runnable ones.
#include "sched/strategy.hpp"

namespace gor::detail {
namespace {

class RandomStrategy final : public Strategy {
 public:
  explicit RandomStrategy(uint64_t seed) : rng_(seed ^ 0x72616e646f6d0000ull) {}

  size_t pick(const std::vector<G*>& runnable) override { return rng_.below(runnable.size()); }

  bool preempt(const G*, const std::vector<G*>& runnable) override {
    return !runnable.empty() && rng_.below(kSwitchOneIn) == 0;
  }

 private:
  static constexpr uint64_t kSwitchOneIn = 4;
  SplitMix64 rng_;
};

}  // namespace

Strategy* make_random_strategy(uint64_t seed) {
  return new RandomStrategy(seed);
}

}  // namespace gor::detail
