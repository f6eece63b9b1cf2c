// ClockTable: the clocks of sync objects keyed by address, in one flat
// open-addressing table (linear probing): a lookup is a multiply and, most
// often, one cache line, where std::unordered_map chased a bucket and a
// separately allocated node. Not thread-safe: the engine locks its shard.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

#include "vector_clock.hpp"

namespace gorace::analyzer {

class ClockTable {
 public:
  ClockTable() = default;
  ClockTable(const ClockTable&) = delete;
  ClockTable& operator=(const ClockTable&) = delete;

  /// The clock of `obj`, or null if it has none.
  VectorClock* find(uintptr_t obj);
  /// The clock of `obj`, created empty if it has none (then `*created`,
  /// if given, is set to true).
  VectorClock& get(uintptr_t obj, bool* created = nullptr);
  /// Removes the clock of `obj`, moving it to `out`; false if none.
  bool take(uintptr_t obj, VectorClock& out);

 private:
  static constexpr uintptr_t kEmpty = 0;
  static constexpr uintptr_t kErased = ~uintptr_t{0};
  struct Entry {
    uintptr_t key = kEmpty;
    VectorClock clock;
  };
  /// The key of `obj`: addresses 0 and ~0 (never objects, but a caller of
  /// the annotation API may pass them) are stored as 8 and 16 (neither are).
  static uintptr_t key_of(uintptr_t obj) { return obj == kEmpty ? 8 : obj == kErased ? 16 : obj; }
  size_t home(uintptr_t obj) const {
    return static_cast<size_t>((obj * 0xC2B2AE3D27D4EB4Full) >> (64 - bits_));
  }
  Entry* find_entry(uintptr_t obj);
  /// Rebuilds the table with room for live entries to double, dropping
  /// erased markers.
  void rehash();

  std::unique_ptr<Entry[]> entries_;
  unsigned bits_ = 0;  ///< capacity is 1 << bits_ (0: no table yet)
  size_t live_ = 0;    ///< entries holding a clock
  size_t erased_ = 0;  ///< kErased markers
};

}  // namespace gorace::analyzer
