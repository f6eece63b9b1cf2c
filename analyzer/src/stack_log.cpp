#include "stack_log.hpp"

#include <mutex>

#include "block_pool.hpp"

namespace gorace::analyzer {

namespace {
constexpr uint32_t kFirstSize = 4;

uint32_t round_up_pow2(uint32_t n) {
  uint32_t p = kFirstSize;
  while (p < n && p < (uint32_t{1} << 31)) p <<= 1;
  return p;
}
}  // namespace

StackLog::StackLog(uint32_t capacity) : max_size_(round_up_pow2(capacity)) {}

StackLog::~StackLog() {
  Entry* ring = ring_.load(std::memory_order_relaxed);
  if (ring != nullptr && ring != first_) free_array(ring, size_.load(std::memory_order_relaxed));
}

void StackLog::grow(uint32_t size) {
  std::lock_guard<SpinLock> guard(lock_);
  static_assert(sizeof first_ / sizeof first_[0] == kFirstSize);
  Entry* old = ring_.load(std::memory_order_relaxed);
  Entry* ring = first_;
  uint32_t grown = kFirstSize;
  if (size != 0) {
    grown = size * 2;
    ring = make_array<Entry>(grown);
    for (uint32_t i = 0; i < size; i++)
      ring[i].store(old[i].load(std::memory_order_relaxed), std::memory_order_relaxed);
  }
  ring_.store(ring, std::memory_order_relaxed);
  size_.store(grown, std::memory_order_relaxed);
  if (old != nullptr && old != first_) free_array(old, size);
}

void StackLog::append(uint32_t epoch, StackId stack) {
  const uint64_t n = count_.load(std::memory_order_relaxed);  // only this writer changes it
  uint32_t size = size_.load(std::memory_order_relaxed);
  if (n == size && size < max_size_) {
    grow(size);
    size = size_.load(std::memory_order_relaxed);
  }
  begun_.store(static_cast<uint32_t>(n + 1), std::memory_order_relaxed);
  // A reader that reads the entry below also sees begun_ raised (the fences pair).
  std::atomic_thread_fence(std::memory_order_release);
  ring_.load(std::memory_order_relaxed)[n & (size - 1)].store((uint64_t{epoch} << 32) | stack,
                                                              std::memory_order_relaxed);
  count_.store(n + 1, std::memory_order_release);
}

bool StackLog::find(uint32_t epoch, StackId& stack) const {
  std::lock_guard<SpinLock> guard(lock_);  // pins ring_ and size_
  const Entry* ring = ring_.load(std::memory_order_relaxed);
  const uint64_t size = size_.load(std::memory_order_relaxed);
  auto at = [&](uint64_t i) { return ring[i & (size - 1)].load(std::memory_order_relaxed); };
  for (;;) {
    const uint64_t count = count_.load(std::memory_order_acquire);
    if (count == 0) return false;
    const uint64_t first = count > size ? count - size : 0;  // oldest kept entry
    bool found = false;
    uint64_t entry = at(first);
    // Dropped entries cover only epochs before the oldest kept one's.
    if (static_cast<uint32_t>(entry >> 32) <= epoch) {
      // The last kept entry at or before `epoch`: binary search over
      // [first, count): epoch_of(lo) <= epoch < epoch_of(hi) (hi: past the end).
      uint64_t lo = first, hi = count;
      while (hi - lo > 1) {
        uint64_t mid = lo + (hi - lo) / 2;
        if (static_cast<uint32_t>(at(mid) >> 32) <= epoch)
          lo = mid;
        else
          hi = mid;
      }
      entry = at(lo);
      found = true;
    }
    // An append that overwrote an entry read above (index >= first) began
    // at index first + size or later: search again. (Appends begun minus
    // first, modulo 2^32: at most a few more than size unless 4 billion
    // appends ran during the search.)
    std::atomic_thread_fence(std::memory_order_acquire);
    const uint32_t begun_since_first =
        begun_.load(std::memory_order_relaxed) - static_cast<uint32_t>(first);
    if (begun_since_first > size) continue;
    if (found) stack = static_cast<StackId>(entry);
    return found;
  }
}

}  // namespace gorace::analyzer
