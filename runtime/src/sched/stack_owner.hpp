// Which goroutine a stack address belongs to, for race reports ("Location
// is stack of goroutine N"). Recorded only while race detection is on.
#pragma once

#include <cstdint>

#include "sched/g.hpp"

namespace gor::detail {

/// Records that goroutine `goid` runs on stack `st` (called when a goroutine
/// is given its stack). No-op unless race detection is on.
void stack_note_owner(const Stack& st, uint64_t goid) noexcept;

/// The goroutine last given the stack that holds `addr`, or 0 when `addr`
/// is in no goroutine stack (or detection was off when it was given).
/// Takes the stack pool's lock: for reports, not hot paths.
uint64_t stack_owner(uintptr_t addr) noexcept;

}  // namespace gor::detail
