#include "stack_depot.hpp"

#include <cstdio>
#include <cstdlib>
#include <mutex>

namespace gorace::analyzer {

StackDepot::StackDepot() : chunks_(new std::atomic<Node*>[kChunks]()) {}

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
