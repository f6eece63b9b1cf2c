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

#include <cstdint>

#include "spin_lock.hpp"

namespace gorace::analyzer {

/// A call stack interned in the depot (as in engine.hpp).
using StackId = uint32_t;

/// Appended to by its goroutine only, read by reports on other threads;
/// a spin lock orders the two (appends happen only when a recorded access
/// changes stack, reads only in reports).
class StackLog {
 public:
  /// `capacity`: entries kept at most (rounded up to a power of two, >= 4).
  explicit StackLog(uint32_t capacity);
  ~StackLog();
  StackLog(const StackLog&) = delete;
  StackLog& operator=(const StackLog&) = delete;

  /// Records that accesses from `epoch` on have stack `stack`. `epoch` is
  /// greater than every epoch appended before.
  void append(uint32_t epoch, StackId stack);
  /// The stack of an access recorded at `epoch`; false if no kept entry
  /// covers it (none at or before it, or it was dropped).
  bool find(uint32_t epoch, StackId& stack) const;

 private:
  /// Entries are epoch << 32 | stack; entry i (counting every append) is
  /// at ring_[i % size_], for the newest min(count_, size_) entries.
  const uint32_t max_size_;
  uint32_t size_ = 0;
  uint64_t count_ = 0;
  uint64_t* ring_ = nullptr;  ///< first_ or allocated
  uint64_t first_[4];         ///< the first ring: most goroutines need no more
  mutable SpinLock lock_;
};

}  // namespace gorace::analyzer
