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

/// A plain access by the current goroutine (or thread) of [addr, addr+size)
/// at `loc`, as an entry point makes it: nothing while detection is off or
/// inside the race runtime.
inline void entry_access(const void* addr, size_t size, uint8_t flags, const __gorace_loc* loc) {
  entry_sched_point();
  Engine* e = g_engine.load(std::memory_order_relaxed);
  if (e == nullptr || ReentryGuard::active()) [[unlikely]]
    return;
  ReentryGuard guard;
  e->access(current_state(), reinterpret_cast<uintptr_t>(addr), size, flags, loc);
}

}  // namespace gor::detail::race
