// The six workloads of anchors/go/bench/anchor_test.go, doing the same work
// per iteration, each run inside gor::main. Like Go's b.N loop, one batch of
// max_iterations operations is timed as a whole (joins included), in real
// time.
#include <benchmark/benchmark.h>

#include <vector>

#include "gor/gor.hpp"
#include "run_batch.hpp"

namespace {

using gor_bench::run_batch;

// Spawn + join: one goroutine per iteration, joined by a WaitGroup.
void BM_Spawn(benchmark::State& state) {
  run_batch(state, [](long n) {
    gor::WaitGroup wg;
    wg.add(static_cast<int>(n));
    for (long i = 0; i < n; ++i) gor::go([&wg] { wg.done(); });
    wg.wait();
  });
}

// Unbuffered ping-pong: one round trip (two hand-offs) per iteration.
void BM_PingPong(benchmark::State& state) {
  run_batch(state, [](long n) {
    auto ping = gor::make_chan<long>(), pong = gor::make_chan<long>();
    gor::go([=] {
      for (long v : ping) pong.send(v);
      pong.close();
    });
    for (long i = 0; i < n; ++i) {
      ping.send(i);
      pong.recv();
    }
    ping.close();
  });
}

// Buffered channel throughput: one item per iteration.
void BM_Buffered(benchmark::State& state) {
  run_batch(state, [](long n) {
    auto ch = gor::make_chan<long>(1024);
    auto done = gor::make_chan<long>();
    gor::go([=] {
      long s = 0;
      for (long v : ch) s += v;
      done.send(s);
    });
    for (long i = 0; i < n; ++i) ch.send(i);
    ch.close();
    benchmark::DoNotOptimize(done.recv());
  });
}

// Contended mutex: 4 goroutines, one lock/unlock per iteration in total.
void BM_Mutex4(benchmark::State& state) {
  run_batch(state, [](long n) {
    gor::Mutex mu;
    gor::WaitGroup wg;
    long count = 0;
    long per = n / 4 + 1;
    for (int g = 0; g < 4; ++g) {
      wg.add(1);
      // Go captures `per`, never reassigned, by value: so does this.
      gor::go([&mu, &wg, &count, per] {
        for (long i = 0; i < per; ++i) {
          mu.lock();
          ++count;
          mu.unlock();
        }
        wg.done();
      });
    }
    wg.wait();
    benchmark::DoNotOptimize(count);
  });
}

// Select over two channels fed by two producers.
void BM_Select2(benchmark::State& state) {
  run_batch(state, [](long n) {
    auto a = gor::make_chan<long>(64), c = gor::make_chan<long>(64);
    long half = n / 2;
    gor::go([=] {
      for (long i = 0; i < half; ++i) a.send(i);
    });
    gor::go([=] {
      for (long i = 0; i < n - half; ++i) c.send(i);
    });
    for (long i = 0; i < n; ++i) gor::select(gor::recv(a), gor::recv(c));
  });
}

// Fan-out pipeline with real memory traffic: 4 workers square-sum 4 KiB blocks.
void BM_Pipeline(benchmark::State& state) {
  run_batch(state, [](long n) {
    auto jobs = gor::make_chan<std::vector<long>>(16);
    auto results = gor::make_chan<long>(16);
    auto wg = std::make_shared<gor::WaitGroup>();
    for (int w = 0; w < 4; ++w) {
      wg->add(1);
      gor::go([=] {
        // Go's `for blk := range jobs` receives the slice, not a copy of
        // its 4 KiB: bind to the received vector.
        for (std::vector<long>& blk : jobs) {
          long s = 0;
          for (long v : blk) s += v * v;
          results.send(s);
        }
        wg->done();
      });
    }
    gor::go([=] {
      wg->wait();
      results.close();
    });
    gor::go([=] {
      for (long i = 0; i < n; ++i) {
        std::vector<long> blk(512);
        for (long j = 0; j < 512; ++j) blk[static_cast<size_t>(j)] = i + j;
        jobs.send(std::move(blk));
      }
      jobs.close();
    });
    long total = 0;
    for (long s : results) total += s;
    benchmark::DoNotOptimize(total);
  });
}

}  // namespace

BENCHMARK(BM_Spawn)->UseRealTime();
BENCHMARK(BM_PingPong)->UseRealTime();
BENCHMARK(BM_Buffered)->UseRealTime();
BENCHMARK(BM_Mutex4)->UseRealTime();
BENCHMARK(BM_Select2)->UseRealTime();
BENCHMARK(BM_Pipeline)->UseRealTime();
