// StackLog: which stack each of a goroutine's recorded accesses had, by
// epoch. Shadow cells name an access only by (slot, epoch); the engine
// starts a new epoch whenever a recorded access's stack differs from the
// previous recorded one, so one entry per epoch is enough to find the
// stack of any cell: an entry (e, s) covers epochs from e up to the next
// entry's epoch.
#pragma once

#include <atomic>
#include <cstdint>

namespace gorace::analyzer {

/// A call stack interned in the depot (as in engine.hpp).
using StackId = uint32_t;

/// Append-only, in increasing epoch order, by its goroutine only; read by
/// reports on other threads concurrently (entries are published with
/// release stores, blocks are never freed before the log).
class StackLog {
 public:
  StackLog() = default;
  ~StackLog();
  StackLog(const StackLog&) = delete;
  StackLog& operator=(const StackLog&) = delete;

  /// Records that accesses from `epoch` on have stack `stack`. `epoch` is
  /// greater than every epoch appended before.
  void append(uint32_t epoch, StackId stack);
  /// The stack of an access recorded at `epoch`; false if none is logged
  /// at or before it.
  bool find(uint32_t epoch, StackId& stack) const;

 private:
  /// Entries are epoch << 32 | stack. Blocks double in size.
  struct Block {
    explicit Block(uint32_t cap) : capacity(cap) {}
    std::atomic<Block*> next{nullptr};
    const uint32_t capacity;
    std::atomic<uint32_t> used{0};
    std::atomic<uint64_t> entries[1];  // flexible: `capacity` entries
  };
  static Block* new_block(uint32_t capacity);

  std::atomic<Block*> head_{nullptr};
  Block* tail_ = nullptr;  ///< the writer's
};

}  // namespace gorace::analyzer
