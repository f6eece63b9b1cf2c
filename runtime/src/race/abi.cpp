// The entry points instrumented code calls (gor/race_abi.h) but the atomic
// operations the runtime performs (atomics.cpp). Hot path:
// __gorace_readN/writeN look up the current goroutine's state (never cached
// across calls: a goroutine may resume on another worker) and hand the
// access to the engine.
#include <cstdio>
#include <cstdlib>

#include "entry_point.hpp"
#include "globals.hpp"
#include "gor/race_abi.h"
#include "state.hpp"

using gor::detail::race::current_state;
using gor::detail::race::entry_access;
using gor::detail::race::entry_sched_point;
using gor::detail::race::g_engine;
using gor::detail::race::ReentryGuard;
namespace analyzer = gorace::analyzer;

namespace {

inline void access_elements(const void* addr, size_t size, size_t element, uint8_t flags,
                            const __gorace_loc* loc) {
  entry_sched_point();
  analyzer::Engine* e = g_engine.load(std::memory_order_relaxed);
  if (e == nullptr || ReentryGuard::active()) [[unlikely]]
    return;
  ReentryGuard guard;
  e->access_elements(current_state(), reinterpret_cast<uintptr_t>(addr), size, element, flags, loc);
}

inline void atomic_sync(const void* addr, uint32_t size, const __gorace_loc* loc, bool release) {
  entry_sched_point();
  analyzer::Engine* e = g_engine.load(std::memory_order_relaxed);
  if (e == nullptr || ReentryGuard::active()) [[unlikely]]
    return;
  ReentryGuard guard;
  analyzer::GState* s = current_state();
  auto a = reinterpret_cast<uintptr_t>(addr);
  if (release) {
    e->access(s, a, size, analyzer::kWrite | analyzer::kAtomic, loc);
    e->release_merge(s, a, "atomic store");
  } else {
    e->acquire(s, a, "atomic load");
    e->access(s, a, size, analyzer::kAtomic, loc);
  }
}

thread_local const __gorace_loc* t_scratch_slot = nullptr;

}  // namespace

extern "C" {

void __gorace_module_init(uint32_t abi_version) {
  if (abi_version != GORACE_ABI_VERSION) {
    std::fprintf(stderr,
                 "gorace: fatal: a module was instrumented for race ABI version %u but this "
                 "runtime implements "
                 "version %u; rebuild it with the matching gorace plugin\n",
                 abi_version, GORACE_ABI_VERSION);
    std::fflush(stderr);
    std::_Exit(2);
  }
  gor::detail::race::enable_detection();
}

void __gorace_register_globals(const struct __gorace_global* globals, size_t count) {
  gor::detail::race::register_globals(globals, count);
}

void __gorace_read1(const void* addr, const struct __gorace_loc* loc) {
  entry_access(addr, 1, analyzer::kRead, loc);
}
void __gorace_read2(const void* addr, const struct __gorace_loc* loc) {
  entry_access(addr, 2, analyzer::kRead, loc);
}
void __gorace_read4(const void* addr, const struct __gorace_loc* loc) {
  entry_access(addr, 4, analyzer::kRead, loc);
}
void __gorace_read8(const void* addr, const struct __gorace_loc* loc) {
  entry_access(addr, 8, analyzer::kRead, loc);
}
void __gorace_read16(const void* addr, const struct __gorace_loc* loc) {
  entry_access(addr, 16, analyzer::kRead, loc);
}
void __gorace_write1(void* addr, const struct __gorace_loc* loc) {
  entry_access(addr, 1, analyzer::kWrite, loc);
}
void __gorace_write2(void* addr, const struct __gorace_loc* loc) {
  entry_access(addr, 2, analyzer::kWrite, loc);
}
void __gorace_write4(void* addr, const struct __gorace_loc* loc) {
  entry_access(addr, 4, analyzer::kWrite, loc);
}
void __gorace_write8(void* addr, const struct __gorace_loc* loc) {
  entry_access(addr, 8, analyzer::kWrite, loc);
}
void __gorace_write16(void* addr, const struct __gorace_loc* loc) {
  entry_access(addr, 16, analyzer::kWrite, loc);
}

void __gorace_vptr_update(void* addr, const void* value, const struct __gorace_loc* loc) {
  if (*static_cast<const void* const*>(addr) != value)
    entry_access(addr, sizeof(void*), analyzer::kWrite, loc);
}

void __gorace_read_range(const void* addr, size_t size, const struct __gorace_loc* loc) {
  entry_access(addr, size, analyzer::kRead, loc);
}
void __gorace_write_range(void* addr, size_t size, const struct __gorace_loc* loc) {
  entry_access(addr, size, analyzer::kWrite, loc);
}

void __gorace_read_elements(const void* addr, size_t size, size_t element,
                            const struct __gorace_loc* loc) {
  access_elements(addr, size, element, analyzer::kRead, loc);
}
void __gorace_write_elements(void* addr, size_t size, size_t element,
                             const struct __gorace_loc* loc) {
  access_elements(addr, size, element, analyzer::kWrite, loc);
}

void __gorace_atomic_release(void* addr, uint32_t size, const struct __gorace_loc* loc) {
  atomic_sync(addr, size, loc, true);
}
void __gorace_atomic_acquire(const void* addr, uint32_t size, const struct __gorace_loc* loc) {
  atomic_sync(addr, size, loc, false);
}
void __gorace_atomic_sync_acquire(const void* addr) {
  entry_sched_point();
  analyzer::Engine* e = g_engine.load(std::memory_order_relaxed);
  if (e == nullptr || ReentryGuard::active()) [[unlikely]]
    return;
  ReentryGuard guard;
  e->acquire(current_state(), reinterpret_cast<uintptr_t>(addr), "atomic load");
}
void __gorace_atomic_access(const void* addr, uint32_t size, int is_write,
                            const struct __gorace_loc* loc) {
  entry_access(addr, size,
               static_cast<uint8_t>(analyzer::kAtomic | (is_write ? analyzer::kWrite : 0)), loc);
}

void __gorace_guard_acquired(const void* guard, int initializing, const struct __gorace_loc* loc) {
  // Counted first: the acquire's scheduling point must not switch out the
  // goroutine that now holds the guard.
  if (initializing != 0) gor::detail::note_os_lock(true);
  atomic_sync(guard, 1, loc, false);
}
void __gorace_guard_release(void* guard, const struct __gorace_loc* loc) {
  atomic_sync(guard, 1, loc, true);
  gor::detail::note_os_lock(false);
}
void __gorace_guard_abort(void*) {
  gor::detail::note_os_lock(false);
}

const struct __gorace_loc** __gorace_func_enter(void) {
  analyzer::Engine* e = g_engine.load(std::memory_order_relaxed);
  if (e == nullptr || ReentryGuard::active()) [[unlikely]]
    return &t_scratch_slot;
  ReentryGuard guard;
  return reinterpret_cast<const __gorace_loc**>(e->func_enter(current_state()));
}

void __gorace_func_exit(void) {
  analyzer::Engine* e = g_engine.load(std::memory_order_relaxed);
  if (e == nullptr || ReentryGuard::active()) [[unlikely]]
    return;
  ReentryGuard guard;
  e->func_exit(current_state());
}

void __gorace_func_resume(const struct __gorace_loc** slot) {
  analyzer::Engine* e = g_engine.load(std::memory_order_relaxed);
  if (e == nullptr || ReentryGuard::active()) [[unlikely]]
    return;
  ReentryGuard guard;
  e->func_resume(current_state(), reinterpret_cast<analyzer::FrameId*>(slot));
}

}  // extern "C"
