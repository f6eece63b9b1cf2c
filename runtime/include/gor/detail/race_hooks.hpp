// Hooks through which the runtime's primitives feed synchronisation events to
// the race analyzer (Go's happens-before edges, one call per edge). Each hook
// is a single predictable branch when detection is off (no instrumented
// module in the binary). Not part of the public API.
#pragma once

#include <atomic>
#include <cstddef>
#include <source_location>

#include "gor/detail/sched.hpp"

namespace gor::detail::race {

/// True once an instrumented module registered itself (__gorace_module_init)
/// or the program called gor::race::enable(). Never turns off.
extern std::atomic<bool> g_enabled;

/// Whether race detection is on in this process.
inline bool enabled() noexcept {
  return g_enabled.load(std::memory_order_relaxed);
}

// Out-of-line implementations (runtime/src/race/). Call the inline wrappers.
void acquire_impl(const void* obj, const char* what) noexcept;
void release_impl(const void* obj, const char* what) noexcept;
void release_merge_impl(const void* obj, const char* what) noexcept;
void release_acquire_impl(const void* obj, const char* what) noexcept;
void sync_reset_impl(const void* obj) noexcept;
void read_impl(const void* addr, size_t size, const char* what, const char* file,
               unsigned line) noexcept;
void write_impl(const void* addr, size_t size, const char* what, const char* file,
                unsigned line) noexcept;
void go_impl(G* parent, G* child, uint32_t created_at) noexcept;
uint32_t creation_site_impl() noexcept;
void goroutine_start_impl(G* g) noexcept;
void goroutine_end_impl(G* g) noexcept;
void bind_thread_impl(G* stand_in) noexcept;
void as_fired_timer_impl(const void* timer, void (*send)(void*), void* arg);
void range_reset_impl(const void* addr, size_t size) noexcept;
void acquire_for_impl(G* g, const void* obj, const char* what) noexcept;
void release_acquire_for_impl(G* g, const void* obj, const char* what) noexcept;
void exchange_with_impl(G* g, const void* obj, const char* what, const char* g_what) noexcept;
void* owned_clocks_make_impl(size_t n) noexcept;
void owned_clocks_free_impl(void* clocks) noexcept;
void release_acquire_owned_impl(void* clocks, size_t i, const void* obj, const char* what) noexcept;
void release_acquire_owned_for_impl(G* g, void* clocks, size_t i, const void* obj,
                                    const char* what) noexcept;
void acquire_owned_and_read_impl(const void* clock, const void* obj, const void* addr, size_t size,
                                 const char* what, const char* file, unsigned line) noexcept;
void* read_and_release_owned_impl(void* clock, const void* obj, const void* addr, size_t size,
                                  const char* what, const char* file, unsigned line) noexcept;

// The sync hooks' `what` (a static string) names the operation in the
// goroutine's history of sync events that a race report shows, as the
// runtime-level accesses' `what` names it in stacks ("gor::Chan::send").

/// The current goroutine's clock joins obj's clock (G ⊔= S). E.g. lock.
inline void acquire(const void* obj, const char* what) noexcept {
  if (enabled()) [[unlikely]]
    acquire_impl(obj, what);
}
/// obj's clock becomes the current goroutine's clock (S := G). E.g. unlock.
inline void release(const void* obj, const char* what) noexcept {
  if (enabled()) [[unlikely]]
    release_impl(obj, what);
}
/// Runs send(arg), a timer channel's send by the thread that fires timers
/// (not a goroutine), with a race state of its own that holds only what
/// arming `timer` released: the receiver is ordered after that arming, not
/// after every timer the thread fired before (which hid the races of
/// goroutines that merely used timers; Go keeps one such context per P).
/// Just send(arg) while detection is off.
inline void as_fired_timer(const void* timer, void (*send)(void*), void* arg) {
  if (enabled()) [[unlikely]] {
    as_fired_timer_impl(timer, send, arg);
  } else {
    send(arg);
  }
}
/// obj's clock joins the current goroutine's clock (S ⊔= G). E.g. RUnlock.
inline void release_merge(const void* obj, const char* what) noexcept {
  if (enabled()) [[unlikely]]
    release_merge_impl(obj, what);
}
/// Swap-and-join: G ⊔= S then S := G (a buffered channel slot).
inline void release_acquire(const void* obj, const char* what) noexcept {
  if (enabled()) [[unlikely]]
    release_acquire_impl(obj, what);
}
/// Forgets obj's clock: the object at this address was destroyed or recycled.
inline void sync_reset(const void* obj) noexcept {
  if (enabled()) [[unlikely]]
    sync_reset_impl(obj);
}
/// A runtime-level read of [addr, addr+size) by the current goroutine, e.g. a
/// send reads its channel (so a send racing close is reported). `what` (a
/// static string) names the operation in reports, as the top frame of the
/// access's stack, at position `where` of the runtime ("gor::Chan::send",
/// chan.hpp:93): accesses with the same name and position share that
/// frame. A null `what` records the access at the caller's own position (a
/// plain read of a variable, e.g. a channel handle).
inline void read(const void* addr, size_t size, const char* what,
                 std::source_location where = std::source_location::current()) noexcept {
  if (enabled()) [[unlikely]]
    read_impl(addr, size, what, where.file_name(), where.line());
}
/// A runtime-level write, e.g. close writes its channel ("gor::Chan::close");
/// as read().
inline void write(const void* addr, size_t size, const char* what,
                  std::source_location where = std::source_location::current()) noexcept {
  if (enabled()) [[unlikely]]
    write_impl(addr, size, what, where.file_name(), where.line());
}
/// `parent` (current goroutine, or null before the scheduler runs) spawns
/// `child`; called before `child` can run. Gives the go edge and records the
/// creation stack: `created_at` if not 0 (see creation_site()), else the
/// parent's.
inline void go(G* parent, G* child, uint32_t created_at = 0) noexcept {
  if (enabled()) [[unlikely]]
    go_impl(parent, child, created_at);
}
/// The current goroutine's stack at its innermost call site (0 when
/// detection is off), for a goroutine the runtime starts later on its
/// behalf (an after_func's): go()'s `created_at`.
inline uint32_t creation_site() noexcept {
  return enabled() ? creation_site_impl() : 0;
}
/// `stand_in` is the G through which the current plain thread (no goroutine)
/// waits on channels: hooks acting for it (`*_for`) act for the thread's
/// own analyzer state. Called by the thread before each wait is possible.
inline void bind_thread(G* stand_in) noexcept {
  if (enabled()) [[unlikely]]
    bind_thread_impl(stand_in);
}
/// `g` starts running, on the current thread, before anything else it
/// does: its analyzer state is made here from what go() took.
inline void goroutine_start(G* g) noexcept {
  if (enabled()) [[unlikely]]
    goroutine_start_impl(g);
}
/// `g` finished; its analyzer state may be recycled (no edge).
inline void goroutine_end(G* g) noexcept {
  if (enabled()) [[unlikely]]
    goroutine_end_impl(g);
}
/// Memory in [addr, addr+size) is reused for something new (a recycled
/// goroutine stack): forget its access history.
inline void range_reset(const void* addr, size_t size) noexcept {
  if (enabled()) [[unlikely]]
    range_reset_impl(addr, size);
}

/// As acquire/release_acquire, on behalf of `g`, a goroutine that
/// is parked (or about to be readied) and cannot run meanwhile: the waker
/// performs the parked goroutine's side of a hand-off at hand-off time, as
/// Go's racenotify(c, idx, sg) does for a buffered channel slot. Calling it
/// for a running goroutine other than the current one is a data race.
inline void acquire_for(G* g, const void* obj, const char* what) noexcept {
  if (enabled()) [[unlikely]]
    acquire_for_impl(g, obj, what);
}
inline void release_acquire_for(G* g, const void* obj, const char* what) noexcept {
  if (enabled()) [[unlikely]]
    release_acquire_for_impl(g, obj, what);
}
/// Orders the current goroutine and parked `g` both ways through `obj`
/// (Go's racesync for an unbuffered hand-off): release, acquire for g,
/// release for g, acquire, in one step; `what` names the current
/// goroutine's operation, `g_what` the parked one's.
inline void exchange_with(G* g, const void* obj, const char* what, const char* g_what) noexcept {
  if (enabled()) [[unlikely]]
    exchange_with_impl(g, obj, what, g_what);
}

/// `n` clocks that a sync object keeps itself (a buffered channel's slots:
/// no lookup in the detector's table keyed by address, no table lock), or
/// null with detection off. The object serialises the operations on them
/// and frees them with owned_clocks_free.
inline void* owned_clocks_make(size_t n) noexcept {
  return enabled() ? owned_clocks_make_impl(n) : nullptr;
}
/// Frees clocks from owned_clocks_make (null: nothing).
inline void owned_clocks_free(void* clocks) noexcept {
  if (clocks != nullptr) owned_clocks_free_impl(clocks);
}
/// release_acquire on clock `i` of `clocks` (not null), for the current
/// goroutine or (_for) parked `g`; `obj` names the object in histories.
inline void release_acquire_owned(void* clocks, size_t i, const void* obj,
                                  const char* what) noexcept {
  release_acquire_owned_impl(clocks, i, obj, what);
}
inline void release_acquire_owned_for(G* g, void* clocks, size_t i, const void* obj,
                                      const char* what) noexcept {
  release_acquire_owned_for_impl(g, clocks, i, obj, what);
}

/// acquire() on the one clock an object keeps itself, `clock` (null until
/// its first release), which the object's own exclusion serialises (a
/// mutex's holder): no lookup in the detector's table, no table lock. Then,
/// in the same call, read(addr, size, what): a lock's read of its own word
/// after its acquire. `what` names both.
inline void acquire_owned_and_read(
    const void* clock, const void* obj, const void* addr, size_t size, const char* what,
    std::source_location where = std::source_location::current()) noexcept {
  if (enabled()) [[unlikely]]
    acquire_owned_and_read_impl(clock, obj, addr, size, what, where.file_name(), where.line());
}
/// read(addr, size, what), then release() on the clock `clock` that obj
/// keeps (made on its first release: `clock` is updated; free it with
/// owned_clocks_free), in one call: an unlock's read of its own word
/// before its release. `what` names both.
inline void read_and_release_owned(
    void*& clock, const void* obj, const void* addr, size_t size, const char* what,
    std::source_location where = std::source_location::current()) noexcept {
  if (enabled()) [[unlikely]]
    clock =
        read_and_release_owned_impl(clock, obj, addr, size, what, where.file_name(), where.line());
}

}  // namespace gor::detail::race
