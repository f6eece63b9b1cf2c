// BlockPool: memory for the engine's per-goroutine records (GInfo, GState,
// their event rings, stack logs and shadow-stack segments).
//
// A goroutine's records are made by the goroutine that spawns it and freed
// on whichever thread drops them last, as fast as goroutines come and go.
// malloc served that pattern from its arenas' shared bins, consolidating
// and trimming the heap as it breathed. Here each size class keeps a free
// list per thread and moves blocks between threads in batches through one
// central list: a block costs a few instructions, a lock is taken once per
// batch. Blocks are never returned to the system (the pool keeps its peak,
// as malloc's bins mostly do).
#pragma once

#include <cstddef>

namespace gorace::analyzer {

class BlockPool {
 public:
  /// Largest request served from the pool; larger ones go to operator new.
  static constexpr size_t kMaxBlock = 1024;
  /// `size` bytes, 16-byte aligned. Never null (operator new's failure).
  static void* allocate(size_t size);
  /// Frees `p`, which allocate(size) returned, on any thread.
  static void deallocate(void* p, size_t size) noexcept;
};

/// Base of the engine's per-goroutine records: `new` and `delete` of a
/// derived class use the pool.
struct Pooled {
  static void* operator new(size_t size) { return BlockPool::allocate(size); }
  static void operator delete(void* p, size_t size) noexcept { BlockPool::deallocate(p, size); }
};

}  // namespace gorace::analyzer
