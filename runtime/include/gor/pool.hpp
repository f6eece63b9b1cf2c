// gor::Pool<T>: Go's sync.Pool, a cache of reusable objects.
#pragma once

#include <atomic>
#include <cstddef>
#include <functional>
#include <utility>

#include "gor/detail/race_hooks.hpp"
#include "gor/detail/sched.hpp"
#include "gor/detail/spinlock.hpp"
#include "gor/detail/thread_annotations.hpp"

namespace gor {

/// A set of temporary objects that may be reused, with Go's sync.Pool
/// semantics: get() returns some object previously put() (in no particular
/// order) or, when none is cached, a fresh one from the factory. The pool
/// may drop any object at any time (it keeps at most kMaxCached), so get()
/// must not rely on put(). Safe for concurrent use by many goroutines.
/// Race detection: a put() happens before the get() that returns the object
/// it put, and orders nothing else (as Go's per-object Put/Get edges: a
/// get() is not ordered after the puts of other objects); as Go's -race, a
/// quarter of puts are dropped at random to expose code that relies on
/// reuse.
template <class T>
class Pool {
 public:
  /// Most objects kept; put() drops the object beyond this.
  static constexpr size_t kMaxCached = 1024;

  /// A pool whose get() makes new objects with `factory` (Go's Pool.New).
  explicit Pool(std::function<T()> factory) : factory_(std::move(factory)) {}
  /// A pool whose get() makes value-initialised objects (T{}).
  Pool() : factory_([] { return T{}; }) {}
  Pool(const Pool&) = delete;
  Pool& operator=(const Pool&) = delete;
  ~Pool() {
    while (Node* node = pop()) free_node(node);
  }

  /// A cached object if there is one, else factory().
  T get() {
    detail::sched_point();  // deterministic mode: the strategy may switch here
    Node* node = pop();
    if (node == nullptr) return factory_();
    detail::race::acquire(node, "gor::Pool::get");
    T object = std::move(node->value);
    free_node(node);
    return object;
  }

  /// Offers `object` for reuse by a later get().
  void put(T object) {
    detail::sched_point();  // deterministic mode: the strategy may switch here
    if (detail::race::enabled() && drop_for_race()) return;
    if (size_.load(std::memory_order_relaxed) >= kMaxCached) return;
    // Built outside the lock: no code of the program (T's move, the
    // allocator) ever runs under the pool's internal lock, which the race
    // detector cannot see.
    auto* node = new Node{std::move(object), nullptr};
    detail::race::release(node, "gor::Pool::put");  // the node carries the put to its get
    push(node);
  }

 private:
  // A cached object; nodes form a stack through `next`.
  struct Node {
    T value;
    Node* next;
  };

  // Frees a node taken from the stack, and its clock.
  static void free_node(Node* node) {
    detail::race::sync_reset(node);
    delete node;
  }

  void push(Node* node) {
    detail::SpinGuard guard(lock_);
    node->next = head_;
    head_ = node;
    size_.fetch_add(1, std::memory_order_relaxed);
  }
  Node* pop() {
    detail::SpinGuard guard(lock_);
    Node* node = head_;
    if (node != nullptr) {
      head_ = node->next;
      size_.fetch_sub(1, std::memory_order_relaxed);
    }
    return node;
  }

  // True for about one call in four (a per-thread xorshift generator).
  static bool drop_for_race() noexcept {
    thread_local unsigned state = 0x9e3779b9u;
    state ^= state << 13;
    state ^= state >> 17;
    state ^= state << 5;
    return (state & 3) == 0;
  }

  const std::function<T()> factory_;
  detail::SpinLock lock_;
  Node* head_ GOR_GUARDED_BY(lock_) = nullptr;  // most recently put first
  std::atomic<size_t> size_{0};                 // nodes cached (kMaxCached at most)
};

}  // namespace gor
