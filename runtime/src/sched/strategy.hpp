// Scheduling strategies of deterministic mode: which runnable goroutine runs
// next, and whether the running one is switched out at a scheduling point
// (an instrumented access, a `go` statement, a synchronisation operation).
// Chosen by GORACE="seed=N strategy=random|pct pct_depth=D"; the seed fixes
// every choice, so the same seed and strategy give the same run.
// GORACE_SCHED holds the keys `gorace explore` and `gorace replay` set for
// PCT (GORACE's own parser rejects keys it does not know):
//  - pct_steps=K: the run's expected number of steps (scheduling points at
//    which another goroutine is runnable); PCT draws its change points
//    uniformly among the first K steps. Unset: K is drawn per seed (see
//    strategy_pct.cpp).
//  - steps_out=PATH: when gor::main returns, write the number of steps the
//    run took (the largest over several gor::main runs) to PATH.
//
// Threading: deterministic mode has one worker; a strategy is only used on
// that worker's thread (det_pick and scheduling points), never concurrently.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace gor::detail {

struct G;

/// The strategy's configuration: GORACE's strategy and pct_depth, and
/// GORACE_SCHED's keys.
struct StrategyConfig {
  std::string name = "random";  ///< "random" or "pct"
  int pct_depth = 3;            ///< PCT: bug depth d (d-1 priority-change points)
  uint64_t pct_steps = 0;       ///< PCT: expected steps per run (0: unknown)
  std::string steps_out;        ///< where to write the run's step count (empty: nowhere)
};

/// The configuration for strategy `name` ("random" or "pct") and PCT depth
/// `pct_depth` (GORACE's, already validated), plus the "pct_steps" and
/// "steps_out" keys of GORACE_SCHED. On a bad GORACE_SCHED value prints a
/// message naming the variable, key and value on stderr and exits 2.
StrategyConfig strategy_config_from_env(const std::string& name, int pct_depth);

/// A seeded scheduling strategy.
class Strategy {
 public:
  virtual ~Strategy() = default;
  /// Index in `runnable` (not empty) of the goroutine to run next. Called
  /// whenever the worker needs a goroutine (a park, a switch, an exit).
  virtual size_t pick(const std::vector<G*>& runnable) = 0;
  /// At a scheduling point of the running goroutine `cur`: whether to switch
  /// away from it (it stays runnable). `runnable` holds the others.
  virtual bool preempt(const G* cur, const std::vector<G*>& runnable) = 0;
};

/// The strategy named by `config`, seeded with `seed`. Never null.
Strategy* make_strategy(const StrategyConfig& config, uint64_t seed);
/// Uniformly random choices (strategy_random.cpp).
Strategy* make_random_strategy(uint64_t seed);
/// PCT: `depth` priority change points over about `steps` steps
/// (strategy_pct.cpp).
Strategy* make_pct_strategy(uint64_t seed, int depth, uint64_t steps);

/// SplitMix64: a seeded 64-bit generator whose every state gives a good
/// sequence (seed 0 included).
class SplitMix64 {
 public:
  explicit SplitMix64(uint64_t seed) : state_(seed) {}
  uint64_t next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
  /// Uniform in [0, n); n > 0.
  uint64_t below(uint64_t n) { return next() % n; }

 private:
  uint64_t state_;
};

}  // namespace gor::detail
