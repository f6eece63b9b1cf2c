// Padded blocks: how the race runtime's malloc gives a block a larger
// alignment than the C library's 16 bytes without memalign (which splits a
// larger chunk and frees the rest at every call, several times the cost of
// a malloc). The block is cut from a longer C library block, at least
// kHeaderBytes into it: the header there records the block for reports
// (its registry entry, so malloc and free of the blocks that matter most
// touch no shared registry) and ends with the word saying how far in the
// block starts. Internal to runtime/src/race/.
#pragma once

#include <cstddef>
#include <cstdint>

#include "globals.hpp"

namespace gor::detail::race {

/// Bit 3 of the word before a padded block. The word before a C library
/// block is its chunk's size word: a multiple of 16 plus flags in bits 0-2,
/// so bit 3 is clear there and tells the two apart. The offset of a padded
/// block in its C library block is a multiple of 16 too.
inline constexpr uintptr_t kPaddedTag = 8;

/// Padded blocks start on a multiple of kPaddedMinAlign and are at most
/// kPaddedMaxSize bytes long (the allocator's policy, heap.cpp).
inline constexpr size_t kPaddedMinAlign = 128;
inline constexpr size_t kPaddedMaxSize = 64 * 1024;

/// What precedes a padded block: the block's registry entry, valid while
/// the block is live and tracked (`check` then matches header_check()), and
/// the tag word.
struct PaddedHeader {
  HeapEntry entry;
  uint64_t check;  ///< header_check(block, entry.size) while the entry is valid
  uintptr_t tag;   ///< the block's offset in its C library block | kPaddedTag
};
inline constexpr size_t kHeaderBytes = 48;  // a multiple of 16 holding a PaddedHeader
static_assert(sizeof(PaddedHeader) <= kHeaderBytes);

/// The header of padded block `p`.
inline PaddedHeader& header_of(void* p) {
  return reinterpret_cast<PaddedHeader*>(p)[-1];
}

/// The check word of a valid entry for the block at `start` of `size`
/// bytes: a stale header (its block freed) or program data is not taken
/// for one.
inline uint64_t header_check(uintptr_t start, size_t size) {
  return (start ^ (size * 0x9E3779B97F4A7C15ull)) ^ 0x6F72616365686561ull;
}

/// Bytes to ask the C library for, for a padded block of `size` bytes
/// aligned to `align` (a power of two, more than 16); false on overflow.
inline bool padded_request(size_t size, size_t align, size_t& request) {
  return !__builtin_add_overflow(size, align - 16 + kHeaderBytes, &request);
}

/// The padded block aligned to `align` inside `raw`, a C library block of
/// padded_request() bytes; its header holds no entry yet.
inline void* pad(void* raw, size_t align) {
  const auto start = reinterpret_cast<uintptr_t>(raw);
  const uintptr_t aligned = (start + kHeaderBytes + align - 1) & ~(align - 1);
  PaddedHeader& h = header_of(reinterpret_cast<void*>(aligned));
  h.check = 0;
  h.tag = (aligned - start) | kPaddedTag;
  return reinterpret_cast<void*>(aligned);
}

/// How far into its C library block the live block `p` starts: 0 unless
/// pad() made it.
inline size_t padding(const void* p) {
  const uintptr_t word = static_cast<const uintptr_t*>(p)[-1];
  return (word & kPaddedTag) != 0 ? word & ~uintptr_t{15} : 0;
}

/// The C library block holding the live block `p` (p itself unless padded):
/// the one to free.
inline void* unpadded(void* p) {
  return static_cast<char*>(p) - padding(p);
}

}  // namespace gor::detail::race
