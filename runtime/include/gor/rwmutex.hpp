// gor::RWMutex: Go's sync.RWMutex for goroutines.
#pragma once

#include <atomic>
#include <cstdint>

#include "gor/detail/race_hooks.hpp"
#include "gor/detail/sched.hpp"
#include "gor/detail/sema.hpp"
#include "gor/detail/thread_annotations.hpp"
#include "gor/mutex.hpp"

namespace gor {

/// A reader/writer lock with Go's sync.RWMutex semantics: any number of
/// readers or one writer. Writer preference: once a writer waits in lock(),
/// new lock_shared() calls block until that writer got and released the
/// lock, so readers cannot starve writers (and a reader must not lock_shared
/// recursively). Blocking parks the goroutine. Meets SharedLockable: works
/// with std::unique_lock, std::lock_guard and std::shared_lock. Unlocking an
/// unlocked RWMutex is a fatal error ("sync: Unlock of unlocked RWMutex",
/// "sync: RUnlock of unlocked RWMutex").
/// Race detection: unlock() happens before later lock() and lock_shared();
/// every unlock_shared() happens before the next lock(); readers are not
/// ordered with each other. unlock() and unlock_shared() read the lock's
/// memory (as Go's), so overwriting an RWMutex in use is reported.
class GOR_CAPABILITY("mutex") RWMutex {
  static constexpr int32_t kMaxReaders = 1 << 30;

 public:
  RWMutex() = default;
  RWMutex(const RWMutex&) = delete;
  RWMutex& operator=(const RWMutex&) = delete;
  ~RWMutex() {
    detail::race::sync_reset(writer_clock());
    detail::race::sync_reset(reader_clock());
  }

  /// Locks for writing, blocking while readers or a writer hold the lock.
  void lock() GOR_ACQUIRE();
  /// Locks for writing if nobody holds the lock; never blocks.
  bool try_lock() GOR_TRY_ACQUIRE(true);
  /// Releases the write lock, admitting the readers that waited.
  void unlock() GOR_RELEASE();

  /// Locks for reading, blocking while a writer holds or waits for the lock.
  void lock_shared() GOR_ACQUIRE_SHARED() {
    detail::sched_point();  // deterministic mode: the strategy may switch here
    if (reader_count_.fetch_add(1) + 1 < 0) [[unlikely]] {
      reader_sem_.acquire(false, detail::WaitReason::kRWMutexR);  // a writer is pending
    }
    detail::race::acquire(reader_clock(), "gor::RWMutex::lock_shared");
  }
  /// Locks for reading unless a writer holds or waits for the lock; never blocks.
  bool try_lock_shared() GOR_TRY_ACQUIRE_SHARED(true);
  /// Releases one read lock.
  void unlock_shared() GOR_RELEASE_SHARED() {
    detail::sched_point();  // deterministic mode: the strategy may switch here
    detail::race::read(&writer_.state_, sizeof writer_.state_, "gor::RWMutex::unlock_shared");
    detail::race::release_merge(writer_clock(), "gor::RWMutex::unlock_shared");
    const int32_t now = reader_count_.fetch_sub(1) - 1;
    if (now < 0) [[unlikely]]
      unlock_shared_slow(now);
  }

 private:
  void unlock_shared_slow(int32_t now);
  // Two sync addresses inside the object: the writer clock collects the
  // readers' unlocks (release_merge), the reader clock the writer's unlock.
  const void* writer_clock() const noexcept { return this; }
  const void* reader_clock() const noexcept { return reinterpret_cast<const char*>(this) + 1; }

  // Invariants (Go's rwmutex.go): reader_count_ is the number of readers
  // holding or pending, minus kMaxReaders while a writer holds or waits.
  // reader_wait_ is the number of readers the waiting writer still waits for
  // (the ones holding the lock when it arrived).
  Mutex writer_;             // held by the writer (and by a writer waiting for readers)
  detail::Sema writer_sem_;  // the writer waits here for departing readers
  detail::Sema reader_sem_;  // readers wait here for the writer to finish
  std::atomic<int32_t> reader_count_{0};
  std::atomic<int32_t> reader_wait_{0};
};

}  // namespace gor
