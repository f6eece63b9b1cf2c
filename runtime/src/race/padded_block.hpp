// Padded blocks: how the race runtime's malloc gives a block a larger
// alignment than the C library's 16 bytes without memalign (which splits a
// larger chunk and frees the rest at every call, several times the cost of
// a malloc). The block is cut from a C library block `align - 16` bytes
// longer, and when it does not start that block, the word before it says
// how far in it starts. Internal to runtime/src/race/.
#pragma once

#include <cstddef>
#include <cstdint>

namespace gor::detail::race {

/// The low four bits of the word before a padded block. The word before a
/// C library block is its chunk's size word: a multiple of 16 plus flags in
/// bits 0-2, so bit 3 is clear there and tells the two apart.
inline constexpr uintptr_t kPaddedTag = 8;

/// Bytes to ask the C library for, for a padded block of `size` bytes
/// aligned to `align` (a power of two, more than 16); false on overflow.
inline bool padded_request(size_t size, size_t align, size_t& request) {
  return !__builtin_add_overflow(size, align - 16, &request);
}

/// The padded block aligned to `align` inside `raw`, a C library block of
/// padded_request() bytes.
inline void* pad(void* raw, size_t align) {
  const auto start = reinterpret_cast<uintptr_t>(raw);
  const uintptr_t aligned = (start + align - 1) & ~(align - 1);
  if (aligned != start) reinterpret_cast<uintptr_t*>(aligned)[-1] = (aligned - start) | kPaddedTag;
  return reinterpret_cast<void*>(aligned);
}

/// How far into its C library block the live block `p` starts: 0 unless
/// pad() made it.
inline size_t padding(const void* p) {
  const uintptr_t word = static_cast<const uintptr_t*>(p)[-1];
  return (word & 15) == kPaddedTag ? word & ~uintptr_t{15} : 0;
}

/// The C library block holding the live block `p` (p itself unless padded):
/// the one to free.
inline void* unpadded(void* p) {
  return static_cast<char*>(p) - padding(p);
}

}  // namespace gor::detail::race
