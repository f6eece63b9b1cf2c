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
// as malloc's bins mostly do). Under a sanitizer every call goes to
// operator new and delete, so that it still sees each record's lifetime.
#pragma once

#include <cstddef>
#include <memory>
#include <type_traits>

#if defined(__SANITIZE_THREAD__) || defined(__SANITIZE_ADDRESS__)
#define GORACE_BLOCK_POOL_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer) || __has_feature(address_sanitizer)
#define GORACE_BLOCK_POOL_SANITIZED 1
#endif
#endif

namespace gorace::analyzer {

class BlockPool {
 public:
  /// Whether blocks are pooled: false under a sanitizer.
#ifdef GORACE_BLOCK_POOL_SANITIZED
  static constexpr bool kPools = false;
#else
  static constexpr bool kPools = true;
#endif
  /// Largest request served from the pool; larger ones go to operator new.
  static constexpr size_t kMaxBlock = 1024;
  /// `size` bytes, 16-byte aligned. Never null (operator new's failure).
  static void* allocate(size_t size);
  /// Frees `p`, which allocate(size) returned, on any thread.
  static void deallocate(void* p, size_t size) noexcept;
  /// Hands this thread's free blocks back; its later calls go through the
  /// central list. Runs when the thread's thread_local objects are
  /// destroyed; code that may call the pool after that (a pthread key
  /// destructor) calls it first: a thread whose first call came there would
  /// keep its blocks, and the thread_local that hands them back would be
  /// registered too late to run (its registration leaked).
  static void release_thread_cache() noexcept;
};

/// A standard allocator over the pool, for containers a goroutine's records
/// hold.
template <class T>
struct PoolAllocator {
  using value_type = T;
  PoolAllocator() = default;
  template <class U>
  PoolAllocator(const PoolAllocator<U>&) noexcept {}  // NOLINT: converting, as std::allocator's
  T* allocate(size_t n) { return static_cast<T*>(BlockPool::allocate(n * sizeof(T))); }
  void deallocate(T* p, size_t n) noexcept { BlockPool::deallocate(p, n * sizeof(T)); }
  template <class U>
  bool operator==(const PoolAllocator<U>&) const noexcept {
    return true;
  }
};

/// `n` value-initialised Ts from the pool (T trivially destructible, as
/// the rings' atomics are); free with free_array(p, n).
template <class T>
T* make_array(size_t n) {
  static_assert(std::is_trivially_destructible_v<T>);
  T* p = PoolAllocator<T>().allocate(n);
  std::uninitialized_value_construct_n(p, n);
  return p;
}
/// Frees make_array<T>(n)'s `p`.
template <class T>
void free_array(T* p, size_t n) noexcept {
  PoolAllocator<T>().deallocate(p, n);
}

/// Base of the engine's per-goroutine records: `new` and `delete` of a
/// derived class use the pool.
struct Pooled {
  static void* operator new(size_t size) { return BlockPool::allocate(size); }
  static void operator delete(void* p, size_t size) noexcept { BlockPool::deallocate(p, size); }
};

}  // namespace gorace::analyzer
