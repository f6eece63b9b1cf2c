// RWMutex's writer side and slow paths (see gor/rwmutex.hpp).
#include "gor/rwmutex.hpp"

namespace gor {

void RWMutex::lock() {
  detail::sched_point();    // deterministic mode: the strategy may switch here
  writer_.lock_unhooked();  // excludes other writers
  // Announce the writer to readers: new readers now block.
  const int32_t readers = reader_count_.fetch_sub(kMaxReaders);
  // Wait for the readers that held the lock when we arrived.
  if (readers != 0 && reader_wait_.fetch_add(readers) + readers != 0) {
    writer_sem_.acquire(false, detail::WaitReason::kRWMutex);
  }
  detail::race::acquire(reader_clock(), "gor::RWMutex::lock");
  detail::race::acquire(writer_clock(), "gor::RWMutex::lock");
}

bool RWMutex::try_lock() {
  detail::sched_point();  // deterministic mode: the strategy may switch here
  if (!writer_.try_lock_unhooked()) return false;
  int32_t no_readers = 0;
  if (!reader_count_.compare_exchange_strong(no_readers, -kMaxReaders)) {
    writer_.unlock_unhooked();
    return false;
  }
  detail::race::acquire(reader_clock(), "gor::RWMutex::try_lock");
  detail::race::acquire(writer_clock(), "gor::RWMutex::try_lock");
  return true;
}

void RWMutex::unlock() {
  detail::sched_point();  // deterministic mode: the strategy may switch here
  detail::race::read(&writer_.state_, sizeof writer_.state_, "gor::RWMutex::unlock");
  detail::race::release(reader_clock(), "gor::RWMutex::unlock");
  // Announce to readers there is no active writer.
  const int32_t readers = reader_count_.fetch_add(kMaxReaders) + kMaxReaders;
  if (readers >= kMaxReaders) detail::fatal("sync: Unlock of unlocked RWMutex");
  // Admit the readers that blocked while we held or waited for the lock.
  for (int32_t i = 0; i < readers; ++i) reader_sem_.release(false);
  writer_.unlock_unhooked();
}

bool RWMutex::try_lock_shared() {
  detail::sched_point();  // deterministic mode: the strategy may switch here
  int32_t count = reader_count_.load();
  do {
    if (count < 0) return false;  // a writer holds or waits
  } while (!reader_count_.compare_exchange_weak(count, count + 1));
  detail::race::acquire(reader_clock(), "gor::RWMutex::try_lock_shared");
  return true;
}

void RWMutex::unlock_shared_slow(int32_t now) {
  if (now + 1 == 0 || now + 1 == -kMaxReaders) detail::fatal("sync: RUnlock of unlocked RWMutex");
  // A writer is pending: the last reader it waits for wakes it.
  if (reader_wait_.fetch_sub(1) - 1 == 0) writer_sem_.release(false);
}

}  // namespace gor
