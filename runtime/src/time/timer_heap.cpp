// TimerHeap: a binary min-heap of TimerNode pointers (see timer_heap.hpp).
#include "time/timer_heap.hpp"

#include <climits>
#include <utility>

namespace gor::detail {

void TimerHeap::add(TimerNode* t) {
  t->seq = seq_++;
  t->index = static_cast<int32_t>(heap_.size());
  heap_.push_back(t);
  sift_up(heap_.size() - 1);
  publish();
}

bool TimerHeap::remove(TimerNode* t) {
  if (t->index < 0) return false;
  size_t i = static_cast<size_t>(t->index);
  size_t last = heap_.size() - 1;
  if (i != last) {
    heap_[i] = heap_[last];
    heap_[i]->index = static_cast<int32_t>(i);
    heap_.pop_back();
    sift_down(i);
    sift_up(i);
  } else {
    heap_.pop_back();
  }
  t->index = -1;
  publish();
  return true;
}

int TimerHeap::fire_due(int64_t now) {
  SpinGuard guard(lock);
  int fired = 0;
  while (!heap_.empty() && heap_[0]->when <= now) {
    TimerNode* t = heap_[0];
    if (t->period > 0) {
      // Skip missed periods (as Go's tickers: a slow reader drops ticks);
      // a next tick beyond the clock's range never comes.
      const int64_t periods = 1 + (now - t->when) / t->period;
      t->when =
          periods > (INT64_MAX - t->when) / t->period ? INT64_MAX : t->when + periods * t->period;
      t->seq = seq_++;
      sift_down(0);
    } else {
      remove(t);
    }
    publish();
    t->fire(t, now);
    ++fired;
  }
  return fired;
}

void TimerHeap::sift_up(size_t i) {
  while (i > 0) {
    size_t parent = (i - 1) / 2;
    if (!less(heap_[i], heap_[parent])) break;
    std::swap(heap_[i], heap_[parent]);
    heap_[i]->index = static_cast<int32_t>(i);
    heap_[parent]->index = static_cast<int32_t>(parent);
    i = parent;
  }
}

void TimerHeap::sift_down(size_t i) {
  for (;;) {
    size_t l = 2 * i + 1, r = l + 1, m = i;
    if (l < heap_.size() && less(heap_[l], heap_[m])) m = l;
    if (r < heap_.size() && less(heap_[r], heap_[m])) m = r;
    if (m == i) break;
    std::swap(heap_[i], heap_[m]);
    heap_[i]->index = static_cast<int32_t>(i);
    heap_[m]->index = static_cast<int32_t>(m);
    i = m;
  }
}

void TimerHeap::publish() {
  next_when_.store(heap_.empty() ? INT64_MAX : heap_[0]->when, std::memory_order_release);
  count_.store(heap_.size(), std::memory_order_release);
}

}  // namespace gor::detail
