// BlockPool: per-thread free lists of fixed-size blocks, batches moved
// between threads through a central list.
#include "block_pool.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <random>
#include <set>
#include <thread>
#include <vector>

namespace gorace::analyzer {
namespace {

struct Held {
  unsigned char* p;
  size_t size;
  unsigned char mark;
};

void fill(Held& h) {
  std::memset(h.p, h.mark, h.size);
}

bool intact(const Held& h) {
  for (size_t i = 0; i < h.size; i++)
    if (h.p[i] != h.mark) return false;
  return true;
}

TEST(BlockPool, BlocksHeldAtOnceNeverOverlap) {
  std::mt19937 rng(1);
  std::vector<Held> held;
  for (int i = 0; i < 3000; i++) {
    size_t size = 1 + rng() % (BlockPool::kMaxBlock + 200);  // a few above the pool's sizes
    Held h{static_cast<unsigned char*>(BlockPool::allocate(size)), size,
           static_cast<unsigned char>(i)};
    EXPECT_EQ(reinterpret_cast<uintptr_t>(h.p) % 16, 0u) << size;
    fill(h);
    held.push_back(h);
  }
  for (const Held& h : held) EXPECT_TRUE(intact(h));
  for (const Held& h : held) BlockPool::deallocate(h.p, h.size);
}

TEST(BlockPool, AFreedBlockIsReusedForItsSizeClass) {
  if (!BlockPool::kPools) GTEST_SKIP() << "a sanitizer build: blocks come from operator new";
  void* a = BlockPool::allocate(100);
  BlockPool::deallocate(a, 100);
  void* b = BlockPool::allocate(128);  // 100 and 128 share the 128-byte class
  EXPECT_EQ(a, b);
  BlockPool::deallocate(b, 128);
}

// Blocks made on one thread and freed on another reach a third thread once
// the freeing thread ends (its list goes back to the central one).
TEST(BlockPool, BlocksFreedByAnEndedThreadServeOtherThreads) {
  if (!BlockPool::kPools) GTEST_SKIP() << "a sanitizer build: blocks come from operator new";
  constexpr int kBlocks = 1000;
  constexpr size_t kSize = 512;
  std::vector<void*> made;
  std::thread([&] {
    for (int i = 0; i < kBlocks; i++) made.push_back(BlockPool::allocate(kSize));
  }).join();
  std::thread([&] {
    for (void* p : made) BlockPool::deallocate(p, kSize);
  }).join();
  const std::set<void*> freed(made.begin(), made.end());
  std::vector<void*> reused;
  std::thread([&] {
    for (int i = 0; i < kBlocks; i++) reused.push_back(BlockPool::allocate(kSize));
  }).join();
  int from_freed = 0;
  for (void* p : reused) from_freed += freed.count(p) != 0 ? 1 : 0;
  EXPECT_EQ(from_freed, kBlocks);
  std::thread([&] {
    for (void* p : reused) BlockPool::deallocate(p, kSize);
  }).join();
}

// A thread's end may come after its thread_local destructors (a pthread
// key destructor): release_thread_cache hands its list back there, and the
// thread's later calls go through the central list.
TEST(BlockPool, AReleasedThreadCacheServesOtherThreads) {
  if (!BlockPool::kPools) GTEST_SKIP() << "a sanitizer build: blocks come from operator new";
  constexpr size_t kSize = 1000;
  constexpr int kBlocks = 8;  // fewer than a thread keeps before it spills
  std::vector<void*> freed;
  std::vector<void*> taken;  // from the central list: the released list's blocks
  std::thread([&] {
    for (int i = 0; i < kBlocks; i++) freed.push_back(BlockPool::allocate(kSize));
    for (void* p : freed) BlockPool::deallocate(p, kSize);  // now first on its list
    BlockPool::release_thread_cache();
    taken.push_back(BlockPool::allocate(kSize));
  }).join();
  std::thread([&] {
    for (int i = 1; i < kBlocks; i++) taken.push_back(BlockPool::allocate(kSize));
  }).join();
  EXPECT_EQ(std::set<void*>(taken.begin(), taken.end()),
            std::set<void*>(freed.begin(), freed.end()));
  for (void* p : taken) BlockPool::deallocate(p, kSize);
}

// Threads allocating and freeing at once, their batches passing through
// the central list: no block is ever given to two holders.
TEST(BlockPool, ConcurrentThreadsNeverShareABlock) {
  constexpr int kThreads = 4;
  std::vector<std::thread> threads;
  std::atomic<int> corrupted{0};
  for (int t = 0; t < kThreads; t++) {
    threads.emplace_back([t, &corrupted] {
      std::mt19937 rng(t + 10);
      std::vector<Held> held;
      for (int i = 0; i < 20000; i++) {
        if (held.size() < 64 && (held.empty() || rng() % 3 != 0)) {
          size_t size = 1 + rng() % BlockPool::kMaxBlock;
          Held h{static_cast<unsigned char*>(BlockPool::allocate(size)), size,
                 static_cast<unsigned char>(rng())};
          fill(h);
          held.push_back(h);
        } else {
          size_t k = rng() % held.size();
          if (!intact(held[k])) corrupted++;
          BlockPool::deallocate(held[k].p, held[k].size);
          held[k] = held.back();
          held.pop_back();
        }
      }
      for (const Held& h : held) {
        if (!intact(h)) corrupted++;
        BlockPool::deallocate(h.p, h.size);
      }
    });
  }
  for (std::thread& th : threads) th.join();
  EXPECT_EQ(corrupted.load(), 0);
}

}  // namespace
}  // namespace gorace::analyzer
