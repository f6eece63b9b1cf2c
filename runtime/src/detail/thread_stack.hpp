// The calling thread's stack bounds, as the C library knows them.
#pragma once

#include <cstddef>
#include <cstdint>

namespace gor::detail {

/// Sets [low, low + size) to the calling thread's stack; false (nothing
/// set) when the C library cannot tell. May allocate: glibc reads
/// /proc/self/maps for the main thread.
bool current_thread_stack(uintptr_t& low, size_t& size);

}  // namespace gor::detail
