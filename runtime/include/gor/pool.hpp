// gor::Pool<T>: Go's sync.Pool, a cache of reusable objects.
#pragma once

#include <cstddef>
#include <functional>
#include <utility>
#include <vector>

#include "gor/detail/race_hooks.hpp"
#include "gor/detail/spinlock.hpp"
#include "gor/detail/thread_annotations.hpp"

namespace gor {

/// A set of temporary objects that may be reused, with Go's sync.Pool
/// semantics: get() returns some object previously put() (in no particular
/// order) or, when none is cached, a fresh one from the factory. The pool
/// may drop any object at any time (it keeps at most kMaxCached), so get()
/// must not rely on put(). Safe for concurrent use by many goroutines.
/// Race detection: a put() happens before the get() that returns a cached
/// object; as Go's -race, a quarter of puts are dropped at random to expose
/// code that relies on reuse.
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
  ~Pool() { detail::race::sync_reset(this); }

  /// A cached object if there is one, else factory().
  T get() {
    {
      detail::SpinGuard guard(lock_);
      if (!cached_.empty()) {
        T object = std::move(cached_.back());
        cached_.pop_back();
        detail::race::acquire(this);
        return object;
      }
    }
    return factory_();
  }

  /// Offers `object` for reuse by a later get().
  void put(T object) {
    if (detail::race::enabled() && drop_for_race()) return;
    detail::race::release_merge(this);
    detail::SpinGuard guard(lock_);
    if (cached_.size() < kMaxCached) cached_.push_back(std::move(object));
  }

 private:
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
  std::vector<T> cached_ GOR_GUARDED_BY(lock_);
};

}  // namespace gor
