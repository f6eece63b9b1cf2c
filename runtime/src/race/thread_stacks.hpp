// Which thread outside the scheduler a stack address belongs to, for race
// reports ("Location is stack of main thread", "... of thread T1"), as
// sched/stack_owner.hpp answers for goroutine stacks.
#pragma once

#include <cstdint>

namespace gor::detail::race {

/// Records the calling thread's stack as thread `thread`'s (its
/// Engine::thread_number; 0 records nothing). Called inside a ReentryGuard.
void note_thread_stack(uint64_t thread);
/// Forgets the calling thread's stack (the thread ends). Called inside a
/// ReentryGuard.
void forget_thread_stack();
/// The number of the thread whose stack holds `addr`, or 0. For reports.
uint64_t thread_stack_owner(uintptr_t addr);

}  // namespace gor::detail::race
