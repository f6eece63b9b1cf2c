// No false positives from memory reuse: heap blocks freed and allocated
// again, recycled goroutine stacks, sync objects destroyed and rebuilt at
// the same address. And the racy counterparts that must still be found.
#include <atomic>
#include <memory>
#include <new>
#include <vector>

#include "race_case.hpp"

namespace gorace_race_tests {
namespace {

TEST(MemoryReuse, FreedThenReallocatedHeapBlockHasNoHistory) {
  EXPECT_EQ(runs_with_races([] {
              auto freed = std::make_shared<std::atomic<bool>>(false);
              auto done = gor::make_chan<int>();
              gor::go([freed, done] {
                for (int i = 0; i < 64; i++) {
                  auto* p = new int64_t[4];
                  W(&p[1]);
                  delete[] p;
                }
                freed->store(true);
                done.send(1);
              });
              await(*freed);
              // Not ordered after the other goroutine: the allocator hands
              // back its blocks, which must look new.
              for (int i = 0; i < 64; i++) {
                auto* q = new int64_t[4];
                W(&q[1]);
                delete[] q;
              }
              done.recv();
            }),
            0);
}

TEST(MemoryReuse, AccessRacingDeleteIsReported) {
  EXPECT_EQ(runs_with_races([] {
              auto* p = new int64_t[4];
              auto done = gor::make_chan<int>();
              auto written = std::make_shared<std::atomic<bool>>(false);
              gor::go([p, done, written] {
                W(&p[2]);
                written->store(true);
                done.send(1);
              });
              await(*written);
              delete[] p;
              done.recv();
            }),
            kRuns);
}

TEST(MemoryReuse, RecycledGoroutineStacksHaveNoHistory) {
  EXPECT_EQ(runs_with_races([] {
              // Goroutines that end without any edge to each other, each
              // writing its own locals; their stacks are recycled.
              auto finished = std::make_shared<std::atomic<int>>(0);
              constexpr int kGoroutines = 200;
              for (int i = 0; i < kGoroutines; i++) {
                gor::go([finished] {
                  int64_t local[8] = {};
                  for (auto& v : local) W(&v);
                  finished->fetch_add(1);
                });
                if (i % 16 == 0) gor::yield();
              }
              while (finished->load() < kGoroutines) gor::yield();
            }),
            0);
}

TEST(MemoryReuse, SyncObjectRebuiltAtTheSameAddressStartsFresh) {
  EXPECT_EQ(runs_with_races([] {
              alignas(gor::Mutex) static unsigned char storage[sizeof(gor::Mutex)];
              int64_t* p = cell();
              auto done = gor::make_chan<int>();
              auto unlocked = std::make_shared<std::atomic<bool>>(false);
              auto* mu = new (storage) gor::Mutex;
              gor::go([p, mu, done, unlocked] {
                mu->lock();
                W(p);
                mu->unlock();
                unlocked->store(true);
                done.send(1);
              });
              await(*unlocked);
              mu->~Mutex();
              auto* fresh = new (storage) gor::Mutex;  // same address, new object
              fresh->lock();
              W(p);  // the old mutex's release must not order this
              fresh->unlock();
              fresh->~Mutex();
              done.recv();
            }),
            kRuns);
}

}  // namespace
}  // namespace gorace_race_tests
