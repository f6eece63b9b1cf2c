// Locations of racing addresses: instrumented globals and heap blocks.
#pragma once

#include <cstddef>
#include <cstdint>

#include "gor/race_abi.h"
#include "gorace/analyzer/engine.hpp"

namespace gor::detail::race {

/// Remembers a module's globals (the array lives forever).
void register_globals(const __gorace_global* globals, size_t count);
/// The registered global containing `addr`, or null.
const __gorace_global* find_global(uintptr_t addr);

/// A live heap block allocated while detection was on.
struct HeapBlock {
  uintptr_t start = 0;
  size_t size = 0;
  uint64_t goroutine = 0;  ///< the allocating goroutine; 0 for a thread
  uint64_t thread = 0;     ///< the allocating thread's number (Engine::thread_number)
  gorace::analyzer::StackId stack = 0;
};
/// A heap block as the registry keeps it, without its start (its key): a
/// map node of 64 bytes, or most of a padded block's header (HeapBlock
/// would make them 80 and 56).
struct HeapEntry {
  size_t size;
  uint64_t goroutine;
  uint32_t thread;  ///< HeapBlock::thread (a count of threads: 32 bits are plenty)
  gorace::analyzer::StackId stack;

  static HeapEntry of(const HeapBlock& b) {
    return HeapEntry{b.size, b.goroutine, static_cast<uint32_t>(b.thread), b.stack};
  }
  HeapBlock at(uintptr_t start) const { return HeapBlock{start, size, goroutine, thread, stack}; }
};
/// Records a new block (the current goroutine allocated it). `zeroed_by`
/// (static; null for none) names the allocator that zeroed the block
/// ("calloc"): the zeroing is the goroutine's write over the block, so a
/// use after an unordered free races the free even where no instrumented
/// code touched the block.
void heap_allocated(void* p, size_t size, const char* zeroed_by = nullptr);
/// Forgets the block at `p`, which is about to be freed: a write over it
/// (racing accesses are reported as use-after-free races), then its history
/// is reset (at once, as at munmap, for a block the C library mapped on its
/// own). No-op for unknown blocks. `what` names the freeing function in the
/// stack ("free", "operator delete"; static), as TSan's interceptors do.
void heap_freed(void* p, const char* what);
/// The live block containing `addr`.
bool find_heap_block(uintptr_t addr, HeapBlock& out);

}  // namespace gor::detail::race
