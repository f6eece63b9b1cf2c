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

// Sixteen independent copies of Pipeline's hand-off: each producer fills
// 512-long blocks and sends them on its own channel (capacity 16) to its own
// consumer, which sums their squares. Iterations: blocks, over all pairs.
void BM_ParallelPipelines(benchmark::State& state) {
  run_batch(state, [](long n) {
    constexpr int kPairs = 16;
    const long per_pair = n / kPairs + 1;
    gor::WaitGroup wg;
    std::vector<long> sums(kPairs);
    for (int p = 0; p < kPairs; ++p) {
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
      gor::go([&wg, &sums, blocks, p] {
        long s = 0;
        for (std::vector<long>& blk : blocks)
          for (long v : blk) s += v * v;
        sums[static_cast<size_t>(p)] = s;
        wg.done();
      });
    }
    wg.wait();
    benchmark::DoNotOptimize(sums.data());
  });
}

// Sixteen goroutines each summing its own 64 KiB array again and again,
// with no communication at all: the memory checks alone, on every core.
// Iterations: passes over one array.
void BM_ParallelPrivateSums(benchmark::State& state) {
  run_batch(state, [](long n) {
    constexpr int kWorkers = 16;
    const long per_worker = n / kWorkers + 1;
    gor::WaitGroup wg;
    std::vector<long> sums(kWorkers);
    for (int w = 0; w < kWorkers; ++w) {
      wg.add(1);
      gor::go([&wg, &sums, w, per_worker] {
        std::vector<long> data(8192);
        long s = 0;
        for (long i = 0; i < per_worker; ++i) {
          data[static_cast<size_t>(i % 8192)] = i;
          for (long v : data) s += v;
        }
        sums[static_cast<size_t>(w)] = s;
        wg.done();
      });
    }
    wg.wait();
    benchmark::DoNotOptimize(sums.data());
  });
}

}  // namespace

BENCHMARK(BM_ParallelPipelines)->UseRealTime();
BENCHMARK(BM_ParallelPrivateSums)->UseRealTime();
