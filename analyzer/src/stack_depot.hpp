// StackDepot: hash-consed call stacks. A stack is a node (parent stack,
// frame), so a stack of depth d is interned with one lookup given its
// parent's id. Ids are dense, never freed; node reads are lock-free.
#pragma once

#include <atomic>
#include <cstdint>
#include <unordered_map>
#include <vector>

#include "gorace/analyzer/engine.hpp"
#include "spin_lock.hpp"

namespace gorace::analyzer {

class StackDepot {
 public:
  StackDepot();
  ~StackDepot();
  StackDepot(const StackDepot&) = delete;
  StackDepot& operator=(const StackDepot&) = delete;

  /// The id of the stack `frame` called from `parent` (0 = empty stack).
  StackId intern(StackId parent, FrameId frame);
  /// intern() through a small direct-mapped cache per thread: a loop's few
  /// stacks (its accesses and runtime operations) rarely evict each other,
  /// and the goroutines a thread runs share it (it costs them no memory).
  StackId intern_cached(StackId parent, FrameId frame);
  /// Frame and parent of a non-empty stack id.
  FrameId frame(StackId id) const { return node(id).frame; }
  StackId parent(StackId id) const { return node(id).parent; }
  /// Frames innermost first.
  std::vector<FrameId> frames(StackId id) const;

 private:
  struct Node {
    FrameId frame;
    StackId parent;
  };
  static constexpr uint32_t kChunkBits = 16;
  static constexpr uint32_t kChunks = 1u << 16;
  static constexpr uint32_t kShards = 64;
  struct Key {
    StackId parent;
    FrameId frame;
    bool operator==(const Key&) const = default;
  };
  struct KeyHash {
    size_t operator()(const Key& k) const {
      uint64_t h = reinterpret_cast<uintptr_t>(k.frame) * 0x9E3779B97F4A7C15ull;
      return static_cast<size_t>(h ^ (h >> 29) ^ (uint64_t{k.parent} * 0xC2B2AE3D27D4EB4Full));
    }
  };
  struct alignas(64) Shard {
    SpinLock lock;
    std::unordered_map<Key, StackId, KeyHash> map;
  };

  const Node& node(StackId id) const {
    return chunks_[id >> kChunkBits].load(std::memory_order_acquire)[id & ((1u << kChunkBits) - 1)];
  }

  const uint64_t serial_;       ///< tells this depot's cache entries from another's
  std::atomic<Node*>* chunks_;  // kChunks entries, chunks allocated lazily
  std::atomic<uint32_t> next_id_{1};
  Shard shards_[kShards];
};

}  // namespace gorace::analyzer
