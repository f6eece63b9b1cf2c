// The race integration's process-wide state: the engine, the options, and
// how the current goroutine's (or thread's) analyzer state is found.
// Internal to runtime/src/race/.
#pragma once

#include <pthread.h>

#include <atomic>
#include <cstdint>

#include "gor/detail/race_hooks.hpp"
#include "gor/detail/sched.hpp"
#include "gor/race_abi.h"
#include "gorace/analyzer/engine.hpp"
#include "options.hpp"

namespace gor::detail::race {

using gorace::analyzer::Engine;
using gorace::analyzer::GState;
using gorace::analyzer::Spawn;
using gorace::analyzer::StackId;

/// The engine; null until detection is enabled. Never destroyed (goroutines
/// and threads may still run while the process exits).
extern std::atomic<Engine*> g_engine;

/// The engine, in a hook that runs only while detection is on.
inline Engine& engine() {
  return *g_engine.load(std::memory_order_relaxed);
}
/// An object's address as the engine names it.
inline uintptr_t addr(const void* p) {
  return reinterpret_cast<uintptr_t>(p);
}
/// Options parsed from GORACE when detection was enabled.
const Options& options();

/// Turns detection on (idempotent): parses GORACE (exit 2 on error), builds
/// the engine, registers the exit handler.
void enable_detection();

/// Depth of race-runtime frames on this thread. While > 0, instrumented code
/// reached from the runtime itself (an inline std:: function the linker took
/// from an instrumented object, called while a report is built; heap
/// interception allocating) is the runtime's own work: not an access of the
/// program. Never held across a park point.
extern thread_local int t_reentry __attribute__((tls_model("initial-exec")));

/// Marks the enclosing scope as race-runtime work (see t_reentry).
struct ReentryGuard {
  ReentryGuard() { ++t_reentry; }
  ~ReentryGuard() { --t_reentry; }
  ReentryGuard(const ReentryGuard&) = delete;
  ReentryGuard& operator=(const ReentryGuard&) = delete;
  /// Whether this thread is inside the race runtime.
  static bool active() { return t_reentry > 0; }
};

/// Whether a replaced C library function (malloc, pthread_create, ...) tells
/// the detector about this call: detection is on and the call is not the
/// race runtime's own work.
inline bool tracking() {
  return g_enabled.load(std::memory_order_relaxed) && !ReentryGuard::active();
}

/// The analyzer state of the running goroutine, or of this thread when no
/// goroutine runs here. Created on first use. Must not be cached across a
/// park point. Requires g_engine.
GState* current_state();
/// The state of goroutine `g`, created (ordered after static initialisation)
/// if the scheduler never announced it.
GState* state_of(G* g);
/// The analyzer id of the next thread created while detection is on
/// (Engine::thread_id: reports name them T1, T2, ... in creation order; the
/// thread that enabled detection is the main thread). A thread created
/// otherwise (before detection, or the runtime's own) is just "thread".
uint64_t next_thread_id();
/// Makes `state` (made by the thread's creator: see threads.cpp) this new
/// thread's state, before anything else of the thread uses one.
void adopt_thread_state(GState* state);
/// The sync object a thread's end releases (its last act: see state.cpp) and
/// a join of it acquires: its pthread_t (the address of its control block,
/// unique until the thread is joined).
inline uintptr_t thread_end_object(pthread_t t) {
  return static_cast<uintptr_t>(t);
}
/// Resolves the C library's thread functions that threads.cpp replaces (and
/// so links that file in).
void link_thread_interception();
/// Links in pthread_sync.cpp, whose replacements of the C library's locks,
/// condition variables, once, barriers and semaphores programs reach only
/// through libstdc++ may otherwise not be taken from the runtime archive.
void link_pthread_sync_interception();
/// In a forked child (an atfork handler): detection stops. The parent's
/// other threads may have held the detector's locks at the fork.
void stop_detection_in_forked_child();
/// Links in exit_calls.cpp (_exit, _Exit and quick_exit).
void link_exit_interception();
/// Links in mmap_calls.cpp (munmap).
void link_mmap_interception();

/// The loc record of a source position (static strings; one record per
/// distinct position, never freed): for frames the plugin did not emit.
/// With `pretty_function`, `function` is C++'s pretty name (what
/// std::source_location gives: "void ns::f(int *)"), shown as "ns::f".
const __gorace_loc* intern_loc(const char* function, const char* file, unsigned line,
                               unsigned column, bool pretty_function = false);
/// A frame id for a runtime operation named `what`, performed at `file`
/// (static strings; empty when the runtime has no source position for it)
/// and `line`: shown as the top frame of its stack.
gorace::analyzer::FrameId operation_frame(const char* what, const char* file = "",
                                          unsigned line = 0);

/// What `addr` is, for "Location is ...": a global (the plugin's records,
/// else the ELF files' symbol tables), a heap block, or a goroutine's or
/// thread's stack.
void locate(uintptr_t addr, gorace::report::Location& out);

/// Called for every reported race (under the engine's report lock).
void on_race(const gorace::report::Race& race);
/// Expands a frame id (a `const __gorace_loc*`) into report frames.
void expand_frame(gorace::analyzer::FrameId frame, gorace::report::Stack& out);

}  // namespace gor::detail::race
