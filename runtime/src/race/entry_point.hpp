// What every entry point of gor/race_abi.h does first. Internal to
// runtime/src/race/.
#pragma once

#include "gor/detail/sched.hpp"
#include "state.hpp"

namespace gor::detail::race {

/// Deterministic mode may switch goroutines before an instrumented access
/// (schedule exploration, sched/strategy.hpp); one predictable branch
/// otherwise. Never inside the race runtime.
inline void entry_sched_point() {
  if (gor::detail::g_sched_points_on) [[unlikely]] {
    if (!ReentryGuard::active()) gor::detail::sched_point_slow();
  }
}

}  // namespace gor::detail::race
