#include "stack_log.hpp"

#include <cstring>
#include <mutex>

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
  if (ring_ != first_) delete[] ring_;
}

void StackLog::append(uint32_t epoch, StackId stack) {
  std::lock_guard<SpinLock> guard(lock_);
  if (count_ == size_ && size_ < max_size_) {
    // Not yet wrapped: entries 0..count_-1 are in order at the front.
    if (size_ == 0) {
      static_assert(sizeof first_ / sizeof first_[0] == kFirstSize);
      ring_ = first_;
      size_ = kFirstSize;
    } else {
      auto* ring = new uint64_t[size_ * 2];
      std::memcpy(ring, ring_, size_ * sizeof(uint64_t));
      if (ring_ != first_) delete[] ring_;
      ring_ = ring;
      size_ *= 2;
    }
  }
  ring_[count_ & (size_ - 1)] = (uint64_t{epoch} << 32) | stack;
  count_++;
}

bool StackLog::find(uint32_t epoch, StackId& stack) const {
  std::lock_guard<SpinLock> guard(lock_);
  uint64_t first = count_ > size_ ? count_ - size_ : 0;  // oldest kept entry
  auto epoch_of = [&](uint64_t i) { return static_cast<uint32_t>(ring_[i & (size_ - 1)] >> 32); };
  // Dropped entries cover only epochs before the oldest kept one's.
  if (count_ == 0 || epoch_of(first) > epoch) return false;
  // The last kept entry at or before `epoch`: binary search over [first, count_).
  uint64_t lo = first, hi = count_;  // epoch_of(lo) <= epoch < epoch_of(hi) (hi: past the end)
  while (hi - lo > 1) {
    uint64_t mid = lo + (hi - lo) / 2;
    if (epoch_of(mid) <= epoch)
      lo = mid;
    else
      hi = mid;
  }
  stack = static_cast<StackId>(ring_[lo & (size_ - 1)]);
  return true;
}

}  // namespace gorace::analyzer
