// Google Benchmark of the analyzer engine alone (no runtime): the cost of a
// checked memory access, of sync operations and of goroutine churn.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <memory>
#include <vector>

#include "gorace/analyzer/engine.hpp"

namespace {

using gorace::analyzer::Engine;
using gorace::analyzer::GState;

const char kLoc[] = "bench.cpp:1";

Engine& engine() {
  static Engine* e = [] {
    gorace::analyzer::Hooks h;
    h.expand_frame = [](gorace::analyzer::FrameId, gorace::report::Stack&) {};
    h.on_race = [](const gorace::report::Race&) {};
    return new Engine(gorace::analyzer::Config(), std::move(h));
  }();
  return *e;
}

// One goroutine reading and writing its own 64 KiB buffer (8-byte accesses).
void BM_Access_OneGoroutine(benchmark::State& state) {
  Engine& e = engine();
  GState* g = e.create_goroutine(nullptr, 1, 0, true);
  std::vector<uint64_t> buf(8192);
  size_t i = 0;
  for (auto _ : state) {
    uint64_t* p = &buf[i++ & 8191];
    e.access(g, reinterpret_cast<uintptr_t>(p), 8, gorace::analyzer::kRead, kLoc);
    e.access(g, reinterpret_cast<uintptr_t>(p), 8, gorace::analyzer::kWrite, kLoc);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) * 2);
  e.finish_goroutine(g);
}
BENCHMARK(BM_Access_OneGoroutine);

// Pipeline's pattern on one thread: a producer fills a 4 KiB block (one
// range write) and writes its 512 elements (`fill`), hands it over
// (release/acquire), a consumer reads them (`read`), frees the block (range
// write where tracked) and its shadow is reset. Items: element accesses and
// granules of range ops.
template <class Fill, class Read>
void block_hand_off(benchmark::State& state, uint64_t first_id, Fill fill, Read read) {
  Engine& e = engine();
  GState* producer = e.create_goroutine(nullptr, first_id, 0);
  GState* consumer = e.create_goroutine(nullptr, first_id + 1, 0);
  // Aligned as the race runtime's heap aligns blocks of 1 KiB or more.
  alignas(128) static uint64_t block[512];
  auto base = reinterpret_cast<uintptr_t>(block);
  int chan_slot = 0;
  for (auto _ : state) {
    e.access(producer, base, 4096, gorace::analyzer::kWrite, kLoc);
    fill(e, producer, base);
    e.release(producer, reinterpret_cast<uintptr_t>(&chan_slot));
    e.acquire(consumer, reinterpret_cast<uintptr_t>(&chan_slot));
    read(e, consumer, base);
    e.access_at(consumer, base, 4096, gorace::analyzer::kWrite | gorace::analyzer::kIfTracked, 0);
    e.range_reset(base, 4096);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) * 512 * 4);
  e.finish_goroutine(producer);
  e.finish_goroutine(consumer);
}

// Each element accessed by its own check.
void BM_Access_BlockHandOff(benchmark::State& state) {
  block_hand_off(
      state, 30,
      [](Engine& e, GState* g, uintptr_t base) {
        for (size_t i = 0; i < 512; i++)
          e.access(g, base + 8 * i, 8, gorace::analyzer::kWrite, kLoc);
      },
      [](Engine& e, GState* g, uintptr_t base) {
        for (size_t i = 0; i < 512; i++)
          e.access(g, base + 8 * i, 8, gorace::analyzer::kRead, kLoc);
      });
}
BENCHMARK(BM_Access_BlockHandOff);

// As the plugin instruments Pipeline: each loop over the block is one
// element-range check before the loop (the fill loop vectorised).
void BM_Access_BlockHandOffRanges(benchmark::State& state) {
  block_hand_off(
      state, 32,
      [](Engine& e, GState* g, uintptr_t base) {
        e.access_elements(g, base, 4096, 16, gorace::analyzer::kWrite, kLoc);
      },
      [](Engine& e, GState* g, uintptr_t base) {
        e.access_elements(g, base, 4096, 8, gorace::analyzer::kRead, kLoc);
      });
}
BENCHMARK(BM_Access_BlockHandOffRanges);

// A 4 KiB range write (a memset) over a block whose shadow was just reset,
// as a new heap block is filled. Items: granules.
void BM_Access_RangeWriteFreshBlock(benchmark::State& state) {
  Engine& e = engine();
  GState* g = e.create_goroutine(nullptr, 40, 0);
  alignas(128) static uint64_t block[512];  // see block_hand_off()
  auto base = reinterpret_cast<uintptr_t>(block);
  int object = 0;
  for (auto _ : state) {
    e.range_reset(base, 4096);
    e.access(g, base, 4096, gorace::analyzer::kWrite, kLoc);
    e.release(g, reinterpret_cast<uintptr_t>(&object));  // the next write is not covered
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) * 512);
  e.finish_goroutine(g);
}
BENCHMARK(BM_Access_RangeWriteFreshBlock);

// 8 goroutines on 2 threads (4 each, switched every 64 accesses): private
// writes, reads of a shared read-mostly array, and a lock hand-off between
// the goroutines of a thread at every switch.
void BM_Access_EightGoroutinesTwoThreads(benchmark::State& state) {
  Engine& e = engine();
  static std::vector<uint64_t> shared(1024, 1);
  std::vector<GState*> gs;
  for (int k = 0; k < 4; k++) gs.push_back(e.create_goroutine(nullptr, 10 + k, 0));
  std::vector<uint64_t> priv(4 * 1024);
  int lock_object = 0;
  size_t i = 0;
  size_t cur = 0;
  for (auto _ : state) {
    if ((i & 63) == 0) {
      e.release(gs[cur], reinterpret_cast<uintptr_t>(&lock_object));
      cur = (cur + 1) & 3;
      e.acquire(gs[cur], reinterpret_cast<uintptr_t>(&lock_object));
    }
    uint64_t* mine = &priv[cur * 1024 + (i & 1023)];
    e.access(gs[cur], reinterpret_cast<uintptr_t>(mine), 8, gorace::analyzer::kWrite, kLoc);
    e.access(gs[cur], reinterpret_cast<uintptr_t>(&shared[i & 1023]), 8, gorace::analyzer::kRead,
             kLoc);
    i++;
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) * 2);
  for (GState* g : gs) e.finish_goroutine(g);
}
BENCHMARK(BM_Access_EightGoroutinesTwoThreads)->Threads(2);

// A goroutine's own scalars after each release (Pipeline's producer writes
// a vector header, then sends it): each access starts a new epoch at a new
// site, so none is covered by the last.
void BM_Access_ScalarsAfterRelease(benchmark::State& state) {
  Engine& e = engine();
  GState* g = e.create_goroutine(nullptr, 1, 0);
  static const char kSites[4][16] = {"bench.cpp:10", "bench.cpp:11", "bench.cpp:12",
                                     "bench.cpp:13"};
  uint64_t header[4] = {};
  int object = 0;
  // A new frame: the last run's goroutine wrote here, unordered with this one.
  e.range_reset(reinterpret_cast<uintptr_t>(header), sizeof header);
  for (auto _ : state) {
    for (int k = 0; k < 4; k++)
      e.access(g, reinterpret_cast<uintptr_t>(&header[k]), 8, gorace::analyzer::kWrite, kSites[k]);
    e.release(g, reinterpret_cast<uintptr_t>(&object));
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) * 4);
  e.finish_goroutine(g);
}
BENCHMARK(BM_Access_ScalarsAfterRelease);

// A mutex hand-off between two goroutines: release then acquire.
void BM_ReleaseAcquire(benchmark::State& state) {
  Engine& e = engine();
  GState* a = e.create_goroutine(nullptr, 1, 0);
  GState* b = e.create_goroutine(a, 2, 0);
  int object = 0;
  for (auto _ : state) {
    e.release(a, reinterpret_cast<uintptr_t>(&object));
    e.acquire(b, reinterpret_cast<uintptr_t>(&object));
    std::swap(a, b);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) * 2);
  e.finish_goroutine(a);
  e.finish_goroutine(b);
}
BENCHMARK(BM_ReleaseAcquire);

// A buffered channel's send as the runtime reports it: a read of the
// channel named by its operation, then a release-acquire of the buffer slot
// (so every send's read is in a new epoch and is recorded).
void BM_ChanSendPattern(benchmark::State& state) {
  Engine& e = engine();
  GState* g = e.create_goroutine(nullptr, 1, 0);
  static const char kChanSend[] = "chansend";
  uint64_t chan[8] = {};
  uint64_t slots[64] = {};
  size_t i = 0;
  for (auto _ : state) {
    e.access_op(g, reinterpret_cast<uintptr_t>(chan), 1, gorace::analyzer::kRead, kChanSend);
    e.release_acquire(g, reinterpret_cast<uintptr_t>(&slots[i++ & 63]), "release_acquire");
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
  e.finish_goroutine(g);
}
BENCHMARK(BM_ChanSendPattern);

// Pipeline's clock traffic: a producer and four workers exchanging through
// the slots of two buffered channels, after range(0) other goroutines were
// joined by their parent (a WaitGroup): every clock then has that many
// entries, as in a program that ran many goroutines before.
void BM_FanOutAfterJoins(benchmark::State& state) {
  Engine& e = engine();
  GState* parent = e.create_goroutine(nullptr, 1, 0);
  uint64_t id = 2;
  uint64_t wait_group = 0;
  const auto wg = reinterpret_cast<uintptr_t>(&wait_group);
  std::vector<GState*> joined;
  for (int64_t i = 0; i < state.range(0); i++)
    joined.push_back(e.create_goroutine(parent, id++, 0));
  for (GState* g : joined) {
    e.release_merge(g, wg);
    e.finish_goroutine(g);
  }
  e.acquire(parent, wg);
  GState* producer = e.create_goroutine(parent, id++, 0);
  GState* workers[4];
  for (GState*& w : workers) w = e.create_goroutine(parent, id++, 0);
  uint64_t jobs[16] = {}, results[16] = {};
  size_t i = 0;
  for (auto _ : state) {
    const auto job = reinterpret_cast<uintptr_t>(&jobs[i & 15]);
    const auto result = reinterpret_cast<uintptr_t>(&results[i & 15]);
    GState* w = workers[i & 3];
    e.release_acquire(producer, job);   // send
    e.release_acquire(w, job);          // receive
    e.release_acquire(w, result);       // send
    e.release_acquire(parent, result);  // receive
    i++;
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
  for (GState* w : workers) e.finish_goroutine(w);
  e.finish_goroutine(producer);
  e.finish_goroutine(parent);
}
BENCHMARK(BM_FanOutAfterJoins)->Arg(0)->Arg(1000)->Arg(10000);

// Goroutine creation and end (slot recycling).
void BM_GoroutineChurn(benchmark::State& state) {
  Engine& e = engine();
  GState* parent = e.create_goroutine(nullptr, 1, 0);
  uint64_t id = 2;
  for (auto _ : state) e.finish_goroutine(e.create_goroutine(parent, id++, 0));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
  e.finish_goroutine(parent);
}
BENCHMARK(BM_GoroutineChurn);

// Spawn's pattern on one thread: a goroutine is created, enters its
// function, signals a WaitGroup (its first event: it takes a slot) and
// ends; the parent waits on the WaitGroup every 64 goroutines.
void BM_SpawnAndSignal(benchmark::State& state) {
  Engine& e = engine();
  GState* parent = e.create_goroutine(nullptr, 1, 0);
  int wait_group = 0;
  uint64_t id = 2;
  for (auto _ : state) {
    GState* child = e.create_goroutine(parent, id++, 0);
    *e.func_enter(child) = nullptr;
    e.release_merge(child, reinterpret_cast<uintptr_t>(&wait_group), "WaitGroup.Done");
    e.func_exit(child);
    e.finish_goroutine(child);
    if (id % 64 == 0) e.acquire(parent, reinterpret_cast<uintptr_t>(&wait_group), "WaitGroup.Wait");
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
  e.finish_goroutine(parent);
}
BENCHMARK(BM_SpawnAndSignal);

}  // namespace
