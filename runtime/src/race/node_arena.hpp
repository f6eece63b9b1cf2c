// NodeArena: memory for the nodes of one of the heap registry's maps, away
// from the program's heap. Nodes taken from malloc sat between the
// program's own small blocks and spread them over four times the address
// range, and their shadow with them (2 million 16-byte blocks: 758 MB under
// detection against 66 MB plain). Used under its shard's lock; never
// returns memory to the system (freed nodes are reused).
#pragma once

#include <cstddef>
#include <cstdlib>

#include "gor/detail/sched.hpp"

namespace gor::detail::race {

class NodeArena {
 public:
  /// `bytes` of memory. Every request of an arena has the same size (the
  /// nodes of one map).
  void* allocate(size_t bytes) {
    if (free_ != nullptr) {
      void* p = free_;
      free_ = free_->next;
      return p;
    }
    bytes = (bytes + 15) & ~size_t{15};
    if (left_ < bytes) {
      next_ = static_cast<char*>(std::malloc(kSlab));  // mapped apart from the small blocks
      if (next_ == nullptr) fatal("out of memory for the race detector's heap registry");
      left_ = kSlab;
    }
    void* p = next_;
    next_ += bytes;
    left_ -= bytes;
    return p;
  }
  /// Takes back a node from allocate().
  void deallocate(void* p) noexcept {
    auto* f = static_cast<Free*>(p);
    f->next = free_;
    free_ = f;
  }

 private:
  struct Free {
    Free* next;
  };
  static constexpr size_t kSlab = 256 * 1024;
  Free* free_ = nullptr;
  char* next_ = nullptr;
  size_t left_ = 0;
};

/// A std::allocator over one NodeArena, for a node-based container.
template <class T>
struct NodeArenaAllocator {
  using value_type = T;
  explicit NodeArenaAllocator(NodeArena* a) noexcept : arena(a) {}
  template <class U>
  NodeArenaAllocator(const NodeArenaAllocator<U>& o) noexcept : arena(o.arena) {}  // NOLINT: rebind
  T* allocate(size_t n) {
    if (n != 1) fatal("heap registry: a node container asked for an array");
    return static_cast<T*>(arena->allocate(sizeof(T)));
  }
  void deallocate(T* p, size_t) noexcept { arena->deallocate(p); }
  template <class U>
  bool operator==(const NodeArenaAllocator<U>& o) const noexcept {
    return arena == o.arena;
  }
  NodeArena* arena;
};

}  // namespace gor::detail::race
