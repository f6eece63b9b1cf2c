// Multi-core scaling: independent work for every core, the workload the six
// anchors lack (each of them is bound by one producer or one lock). The
// same work as bench/scaling/go/scaling_test.go, run at several GOMAXPROCS
// by bench/scaling/run.py.
#include <benchmark/benchmark.h>

#include <vector>

#include "gor/gor.hpp"
#include "run_batch.hpp"

namespace {

using gor_bench::run_batch;

constexpr int kUnits = 16;  // independent pairs or workers

// Splits each batch of n iterations over kUnits units: start(iterations,
// wg, sum) starts one unit's goroutines, which call wg.done() once each
// when finished and store a result in `sum`. Waits for all of them.
template <class Start>
void run_split(benchmark::State& state, Start start) {
  run_batch(state, [&](long n) {
    const long per_unit = n / kUnits + 1;
    gor::WaitGroup wg;
    std::vector<long> sums(kUnits);
    for (int unit = 0; unit < kUnits; ++unit) start(per_unit, wg, sums[static_cast<size_t>(unit)]);
    wg.wait();
    benchmark::DoNotOptimize(sums.data());
  });
}

// Sixteen independent copies of Pipeline's hand-off: each producer fills
// 512-long blocks and sends them on its own channel (capacity 16) to its own
// consumer, which sums their squares. Iterations: blocks, over all pairs.
void BM_ParallelPipelines(benchmark::State& state) {
  run_split(state, [](long per_pair, gor::WaitGroup& wg, long& sum) {
    auto blocks = gor::make_chan<std::vector<long>>(16);
    wg.add(2);
    gor::go([&wg, blocks, per_pair] {
      for (long i = 0; i < per_pair; ++i) {
        std::vector<long> blk(512);
        for (long j = 0; j < 512; ++j) blk[static_cast<size_t>(j)] = i + j;
        blocks.send(std::move(blk));
      }
      blocks.close();
      wg.done();
    });
    gor::go([&wg, &sum, blocks] {
      long s = 0;
      for (std::vector<long>& blk : blocks)
        for (long v : blk) s += v * v;
      sum = s;
      wg.done();
    });
  });
}

// Sixteen goroutines each summing its own 64 KiB array again and again,
// with no communication at all: the memory checks alone, on every core.
// Iterations: passes over one array.
void BM_ParallelPrivateSums(benchmark::State& state) {
  run_split(state, [](long per_worker, gor::WaitGroup& wg, long& sum) {
    wg.add(1);
    gor::go([&wg, &sum, per_worker] {
      std::vector<long> data(8192);
      long s = 0;
      for (long i = 0; i < per_worker; ++i) {
        data[static_cast<size_t>(i % 8192)] = i;
        for (long v : data) s += v;
      }
      sum = s;
      wg.done();
    });
  });
}

}  // namespace

BENCHMARK(BM_ParallelPipelines)->UseRealTime();
BENCHMARK(BM_ParallelPrivateSums)->UseRealTime();
