// StackLog: which stack each of a goroutine's recorded accesses had, by
// epoch. Shadow cells name an access only by (slot, epoch); the engine
// starts a new epoch whenever a recorded access's stack differs from the
// previous recorded one, so one entry per epoch is enough to find the
// stack of any cell: an entry (e, s) covers epochs from e up to the next
// entry's epoch.
//
// Bounded: the newest `capacity` entries are kept (a ring, grown by
// doubling up to it), so a goroutine that runs for hours costs at most
// 8 * capacity bytes. A race with an access older than the oldest kept
// entry reports no previous stack, as TSan does past its history size.
#pragma once

#include <atomic>
#include <cstdint>

#include "spin_lock.hpp"

namespace gorace::analyzer {

/// A call stack interned in the depot (as in engine.hpp).
using StackId = uint32_t;

/// Appended to by its goroutine only, read by reports on other threads.
/// Appends take no lock (they happen at every recorded access that changes
/// stack): a reader checks, after its search, that no append overwrote an
/// entry it may have read, and searches again if one did. The lock is taken
/// only to grow the ring and by readers, so a reader never sees a ring
/// freed under it.
class StackLog {
 public:
  /// `capacity`: entries kept at most (rounded up to a power of two, >= 4).
  explicit StackLog(uint32_t capacity);
  ~StackLog();
  StackLog(const StackLog&) = delete;
  StackLog& operator=(const StackLog&) = delete;

  /// Records that accesses from `epoch` on have stack `stack`. `epoch` is
  /// greater than every epoch appended before. One writer at a time.
  void append(uint32_t epoch, StackId stack);
  /// The stack of an access recorded at `epoch`; false if no kept entry
  /// covers it (none at or before it, or it was dropped). Any thread.
  bool find(uint32_t epoch, StackId& stack) const;

 private:
  using Entry = std::atomic<uint64_t>;
  /// Doubles the ring (not yet wrapped: entries 0..size-1 in order).
  void grow(uint32_t size);

  /// Entries are epoch << 32 | stack; entry i (counting every append) is
  /// at ring_[i % size_], for the newest min(count_, size_) entries.
  /// ring_ and size_ change only under lock_; begun_ (appends started, its
  /// low 32 bits: compared modulo 2^32) is raised before an entry is
  /// written, count_ (appends done) after. 64 bytes: a goroutine's GInfo,
  /// which holds this, must fit a 128-byte pool block (see goroutine.hpp).
  const uint32_t max_size_;
  std::atomic<uint32_t> size_{0};
  std::atomic<uint32_t> begun_{0};
  mutable SpinLock lock_;
  std::atomic<uint64_t> count_{0};
  std::atomic<Entry*> ring_{nullptr};  ///< first_ or allocated
  Entry first_[4]{};                   ///< the first ring: most goroutines need no more
};

}  // namespace gorace::analyzer
