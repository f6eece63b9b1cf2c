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
/// Forgets the block at `p`, which is about to be freed: a write over it
/// (racing accesses are reported as use-after-free races), then its history
/// is reset (at once, as at munmap, for a block the C library mapped on its
/// own). No-op for unknown blocks.
void heap_freed(void* p);
/// The live block containing `addr`.
bool find_heap_block(uintptr_t addr, HeapBlock& out);

}  // namespace gor::detail::race
