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
/// Records a new block (the current goroutine allocated it).
void heap_allocated(void* p, size_t size);
/// Forgets the block at `p`: a write over it (racing accesses are reported
/// as use-after-free races), then its history is reset. With `unmapped`
/// (the C library gives its memory back to the system), its shadow is
/// released at once, as at munmap. No-op for unknown blocks.
void heap_freed(void* p, bool unmapped);
/// Registers `b` again, as it was: a block heap_freed() forgot whose
/// realloc then failed (the block lives on).
void heap_kept(const HeapBlock& b);
/// Whether glibc's malloc made the live block at `p` with a mapping of its
/// own, which freeing it unmaps.
bool mapped_by_libc(const void* p);
/// The live block containing `addr`.
bool find_heap_block(uintptr_t addr, HeapBlock& out);

}  // namespace gor::detail::race
