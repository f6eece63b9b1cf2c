// The scheduler's timers: one min-heap ordered by (when, seq) under a lock.
// Non-deterministic mode: the poller thread sleeps until the earliest timer
// and fires it. Deterministic mode: the worker fires timers when every
// goroutine is blocked, advancing the virtual clock to the earliest one.
#pragma once

#include <atomic>
#include <climits>
#include <cstdint>
#include <vector>

#include "gor/detail/spinlock.hpp"

namespace gor::detail {

/// One armed timer. The owner keeps it alive while armed (index >= 0).
struct TimerNode {
  int64_t when = 0;    // nanotime() deadline
  int64_t period = 0;  // > 0: re-armed after firing (tickers)
  uint64_t seq = 0;    // tie-break: equal deadlines fire in arming order
  int32_t index = -1;  // position in the heap; -1 when not armed
  /// Called with the heap lock held, after the node left the heap (or was
  /// re-armed, for periodic ones). Must not block or touch the heap.
  void (*fire)(TimerNode* self, int64_t now) = nullptr;
};

class TimerHeap {
 public:
  SpinLock lock;

  /// Arms `t` at t->when (t must not be armed).
  void add(TimerNode* t) GOR_REQUIRES(lock);
  /// Disarms `t`; returns whether it was armed.
  bool remove(TimerNode* t) GOR_REQUIRES(lock);
  /// Fires every timer due at `now` (takes the lock). Returns how many fired.
  int fire_due(int64_t now) GOR_EXCLUDES(lock);
  /// Earliest deadline, INT64_MAX when none (lock-free, approximate).
  int64_t next_when() const { return next_when_.load(std::memory_order_acquire); }
  /// Armed timers (lock-free, approximate).
  size_t count() const { return count_.load(std::memory_order_acquire); }

 private:
  bool less(const TimerNode* a, const TimerNode* b) const {
    return a->when != b->when ? a->when < b->when : a->seq < b->seq;
  }
  void sift_up(size_t i) GOR_REQUIRES(lock);
  void sift_down(size_t i) GOR_REQUIRES(lock);
  void publish() GOR_REQUIRES(lock);

  std::vector<TimerNode*> heap_ GOR_GUARDED_BY(lock);
  uint64_t seq_ GOR_GUARDED_BY(lock) = 0;
  std::atomic<int64_t> next_when_{INT64_MAX};
  std::atomic<size_t> count_{0};
};

}  // namespace gor::detail
