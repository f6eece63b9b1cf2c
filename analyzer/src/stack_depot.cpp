#include "stack_depot.hpp"

#include <cstdio>
#include <cstdlib>
#include <mutex>

namespace gorace::analyzer {

namespace {

std::atomic<uint64_t> g_depots{0};

/// The calling thread's intern cache, for the depot with serial `depot`.
struct InternCache {
  static constexpr uint32_t kBits = 10;
  struct Entry {
    FrameId frame;
    StackId parent;
    StackId id;  ///< 0: empty
  };
  uint64_t depot = 0;
  Entry entries[1u << kBits] = {};
};
thread_local InternCache t_intern_cache;

}  // namespace

StackDepot::StackDepot()
    : serial_(g_depots.fetch_add(1, std::memory_order_relaxed) + 1),
      chunks_(new std::atomic<Node*>[kChunks]()) {}

StackId StackDepot::intern_cached(StackId parent, FrameId frame) {
  InternCache& cache = t_intern_cache;
  if (cache.depot != serial_) cache = InternCache{serial_, {}};
  uint64_t h = reinterpret_cast<uintptr_t>(frame) * 0x9E3779B97F4A7C15ull ^
               uint64_t { parent } * 0xC2B2AE3D27D4EB4Full;
  InternCache::Entry& e = cache.entries[h >> (64 - InternCache::kBits)];
  if (e.frame == frame && e.parent == parent && e.id != 0) return e.id;
  StackId id = intern(parent, frame);
  e = InternCache::Entry{frame, parent, id};
  return id;
}

StackDepot::~StackDepot() {
  for (uint32_t i = 0; i < kChunks; i++) delete[] chunks_[i].load(std::memory_order_relaxed);
  delete[] chunks_;
}

StackId StackDepot::intern(StackId parent, FrameId frame) {
  Key key{parent, frame};
  size_t h = KeyHash{}(key);
  Shard& shard = shards_[(h >> 7) % kShards];
  std::lock_guard<SpinLock> guard(shard.lock);
  auto it = shard.map.find(key);
  if (it != shard.map.end()) return it->second;
  StackId id = next_id_.fetch_add(1, std::memory_order_relaxed);
  if ((id >> kChunkBits) >= kChunks) {
    std::fprintf(stderr, "gorace: stack depot full (%u stacks)\n", id);
    std::abort();
  }
  std::atomic<Node*>& slot = chunks_[id >> kChunkBits];
  Node* chunk = slot.load(std::memory_order_acquire);
  if (chunk == nullptr) {
    Node* fresh = new Node[1u << kChunkBits]();
    if (slot.compare_exchange_strong(chunk, fresh, std::memory_order_acq_rel)) {
      chunk = fresh;
    } else {
      delete[] fresh;
    }
  }
  chunk[id & ((1u << kChunkBits) - 1)] = Node{frame, parent};
  std::atomic_thread_fence(std::memory_order_release);
  shard.map.emplace(key, id);
  return id;
}

std::vector<FrameId> StackDepot::frames(StackId id) const {
  std::vector<FrameId> out;
  while (id != 0) {
    const Node& n = node(id);
    out.push_back(n.frame);
    id = n.parent;
  }
  return out;
}

}  // namespace gorace::analyzer
