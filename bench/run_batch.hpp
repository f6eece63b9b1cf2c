// run_batch(): how the benchmarks here time Go-style workloads.
#pragma once

#include <benchmark/benchmark.h>

#include "gor/gor.hpp"

namespace gor_bench {

/// Runs body(n) inside gor::main, timed as n iterations: like Go's b.N
/// loop, one batch of state.max_iterations operations is timed as a whole
/// (joins included). Use with ->UseRealTime().
template <class Body>
void run_batch(benchmark::State& state, Body body) {
  gor::main([&] {
    auto n = static_cast<long>(state.max_iterations);
    while (state.KeepRunningBatch(state.max_iterations)) body(n);
  });
}

}  // namespace gor_bench
