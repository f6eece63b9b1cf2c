// A worker's local run queue: a bounded lock-free ring (single producer: the
// owning worker; many consumers: the owner and stealers) plus the runnext
// slot, as runqput/runqget/runqgrab in Go's proc.go.
#pragma once

#include <atomic>
#include <cstdint>

#include "sched/g.hpp"

namespace gor::detail {

class RunQueue {
 public:
  static constexpr uint32_t kSize = 256;

  /// Owner only. Puts g at the tail; on overflow moves half of the queue plus
  /// g into `spill` (linked through G::link, head first) and returns their
  /// count (0 when nothing spilled).
  uint32_t put(G* g, G** spill_head, G** spill_tail) {
    for (;;) {
      uint32_t h = head_.load(std::memory_order_acquire);
      uint32_t t = tail_.load(std::memory_order_relaxed);
      if (t - h < kSize) {
        ring_[t % kSize].store(g, std::memory_order_relaxed);
        tail_.store(t + 1, std::memory_order_release);
        return 0;
      }
      uint32_t n = (t - h) / 2;
      G* batch[kSize / 2 + 1];
      for (uint32_t i = 0; i < n; ++i)
        batch[i] = ring_[(h + i) % kSize].load(std::memory_order_relaxed);
      if (!head_.compare_exchange_strong(h, h + n, std::memory_order_release)) continue;
      batch[n] = g;
      for (uint32_t i = 0; i < n; ++i) batch[i]->link = batch[i + 1];
      g->link = nullptr;
      *spill_head = batch[0];
      *spill_tail = g;
      return n + 1;
    }
  }

  /// Owner only. Makes g the runnext goroutine; returns the one it displaced
  /// (to be put at the tail), or null.
  G* put_next(G* g) { return runnext_.exchange(g, std::memory_order_acq_rel); }

  /// Owner only. The next goroutine: runnext first (then `from_next` is
  /// set), then the ring's head.
  G* get(bool& from_next) {
    G* next = runnext_.load(std::memory_order_relaxed);
    from_next = next != nullptr &&
                runnext_.compare_exchange_strong(next, nullptr, std::memory_order_acquire);
    if (from_next) return next;
    for (;;) {
      uint32_t h = head_.load(std::memory_order_acquire);
      uint32_t t = tail_.load(std::memory_order_relaxed);
      if (t == h) return nullptr;
      G* g = ring_[h % kSize].load(std::memory_order_relaxed);
      if (head_.compare_exchange_strong(h, h + 1, std::memory_order_release)) return g;
    }
  }

  /// Any thread. Takes half of the ring (at least one) into out[]; when the
  /// ring is empty and `take_next`, takes runnext instead. Returns the count:
  /// the caller owns every goroutine taken and must run or queue each.
  [[nodiscard]] uint32_t grab(G** out, bool take_next) {
    for (;;) {
      uint32_t h = head_.load(std::memory_order_acquire);
      uint32_t t = tail_.load(std::memory_order_acquire);
      uint32_t n = t - h;
      n -= n / 2;
      if (n == 0) {
        if (!take_next) return 0;
        G* next = runnext_.load(std::memory_order_acquire);
        if (next == nullptr) return 0;
        if (!runnext_.compare_exchange_strong(next, nullptr, std::memory_order_acq_rel)) continue;
        out[0] = next;
        return 1;
      }
      if (n > kSize / 2) continue;  // inconsistent h and t: retry
      for (uint32_t i = 0; i < n; ++i)
        out[i] = ring_[(h + i) % kSize].load(std::memory_order_relaxed);
      if (head_.compare_exchange_strong(h, h + n, std::memory_order_acq_rel)) return n;
    }
  }

  /// Any thread; approximate. The runnext goroutine (null if none).
  const G* peek_next() const { return runnext_.load(std::memory_order_relaxed); }

  /// Any thread; approximate. How many goroutines were ever taken from the
  /// ring: unchanged while the ring is non-empty, its head waits.
  uint32_t taken() const { return head_.load(std::memory_order_relaxed); }
  /// Any thread; approximate. Whether the ring (runnext aside) looks non-empty.
  bool ring_nonempty() const {
    return tail_.load(std::memory_order_acquire) != head_.load(std::memory_order_acquire);
  }

  /// Any thread; approximate. Whether the queue (ring or runnext) looks non-empty.
  bool nonempty() const {
    return ring_nonempty() || runnext_.load(std::memory_order_acquire) != nullptr;
  }

 private:
  alignas(64) std::atomic<uint32_t> head_{0};  // next slot to take; advanced by CAS
  alignas(64) std::atomic<uint32_t> tail_{0};  // next slot to fill; owner writes
  std::atomic<G*> runnext_{nullptr};
  std::atomic<G*> ring_[kSize] = {};
};

}  // namespace gor::detail
