// What every entry point of gor/race_abi.h does first. Internal to
// runtime/src/race/.
#pragma once

#include "gor/detail/sched.hpp"
#include "gor/race_abi.h"
#include "state.hpp"

namespace gor::detail::race {

/// Deterministic mode may switch goroutines before an instrumented access
/// (schedule exploration, sched/strategy.hpp); one predictable branch
/// otherwise. Never inside the race runtime.
inline void entry_sched_point() {
  if (gor::detail::g_sched_points_on.load(std::memory_order_relaxed)) [[unlikely]] {
    if (!ReentryGuard::active()) gor::detail::sched_point_slow();
  }
}

/// Whether the detector must see what the caller is about to check:
/// detection on, and not inside the race runtime.
inline bool detecting() {
  return g_engine.load(std::memory_order_relaxed) != nullptr && !ReentryGuard::active();
}

/// An access by the current goroutine (or thread) of [addr, addr+size) at
/// `loc`, checked, but no scheduling point (one of a library call's
/// accesses, checked on its behalf): nothing unless detecting().
inline void checked_access(const void* addr, size_t size, uint8_t flags, const __gorace_loc* loc) {
  if (!detecting()) [[unlikely]]
    return;
  ReentryGuard guard;
  g_engine.load(std::memory_order_relaxed)
      ->access(current_state(), reinterpret_cast<uintptr_t>(addr), size, flags, loc);
}

/// A plain access as an entry point makes it: a scheduling point, then
/// checked_access.
inline void entry_access(const void* addr, size_t size, uint8_t flags, const __gorace_loc* loc) {
  entry_sched_point();
  checked_access(addr, size, flags, loc);
}

}  // namespace gor::detail::race
