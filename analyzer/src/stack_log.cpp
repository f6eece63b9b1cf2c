#include "stack_log.hpp"

#include <cstdlib>
#include <new>

namespace gorace::analyzer {

namespace {
constexpr uint32_t kFirstBlock = 4;
constexpr uint32_t kMaxBlock = uint32_t{1} << 16;
}  // namespace

StackLog::Block* StackLog::new_block(uint32_t capacity) {
  size_t bytes = sizeof(Block) + (capacity - 1) * sizeof(std::atomic<uint64_t>);
  void* raw = std::malloc(bytes);
  if (raw == nullptr) throw std::bad_alloc();
  return new (raw) Block(capacity);
}

StackLog::~StackLog() {
  for (Block* b = head_.load(std::memory_order_relaxed); b != nullptr;) {
    Block* next = b->next.load(std::memory_order_relaxed);
    b->~Block();
    std::free(b);
    b = next;
  }
}

void StackLog::append(uint32_t epoch, StackId stack) {
  uint64_t entry = (uint64_t{epoch} << 32) | stack;
  if (tail_ == nullptr || tail_->used.load(std::memory_order_relaxed) == tail_->capacity) {
    uint32_t cap = tail_ == nullptr
                       ? kFirstBlock
                       : (tail_->capacity < kMaxBlock ? tail_->capacity * 2 : kMaxBlock);
    Block* b = new_block(cap);
    b->entries[0].store(entry, std::memory_order_relaxed);
    b->used.store(1, std::memory_order_relaxed);
    if (tail_ == nullptr)
      head_.store(b, std::memory_order_release);
    else
      tail_->next.store(b, std::memory_order_release);
    tail_ = b;
    return;
  }
  uint32_t n = tail_->used.load(std::memory_order_relaxed);
  tail_->entries[n].store(entry, std::memory_order_relaxed);
  tail_->used.store(n + 1, std::memory_order_release);
}

bool StackLog::find(uint32_t epoch, StackId& stack) const {
  bool found = false;
  for (const Block* b = head_.load(std::memory_order_acquire); b != nullptr;
       b = b->next.load(std::memory_order_acquire)) {
    uint32_t n = b->used.load(std::memory_order_acquire);
    if (n == 0 || (b->entries[0].load(std::memory_order_relaxed) >> 32) > epoch) break;
    // The last entry of this block at or before `epoch` (binary search).
    uint32_t lo = 0, hi = n;  // entries[lo] <= epoch; answer in [lo, hi)
    while (hi - lo > 1) {
      uint32_t mid = lo + (hi - lo) / 2;
      if ((b->entries[mid].load(std::memory_order_relaxed) >> 32) <= epoch)
        lo = mid;
      else
        hi = mid;
    }
    stack = static_cast<StackId>(b->entries[lo].load(std::memory_order_relaxed));
    found = true;
  }
  return found;
}

}  // namespace gorace::analyzer
