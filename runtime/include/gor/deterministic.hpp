// Deterministic mode: one processor, a seeded choice of the next goroutine
// and of select cases, and virtual time that jumps ahead when every
// goroutine sleeps (as Go 1.24's testing/synctest). The same seed gives the
// same run. Enabled by GORACE="seed=N" or by set_deterministic() before
// gor::main.
#pragma once

#include "gor/detail/requires_cxx20.hpp"

#include <cstdint>
#include <optional>

namespace gor {

/// Makes the following gor::main runs deterministic with `seed` (overrides
/// GORACE's seed).
void set_deterministic(uint64_t seed);
/// Undoes set_deterministic(): GORACE decides again.
void clear_deterministic();

}  // namespace gor

namespace gor::detail {

/// The seed the next (or current) gor::main runs with: set_deterministic's,
/// else GORACE's "seed=N" key, else none (normal scheduling).
std::optional<uint64_t> deterministic_seed();

}  // namespace gor::detail
