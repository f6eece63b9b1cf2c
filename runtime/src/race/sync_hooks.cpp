// The race hooks (gor/detail/race_hooks.hpp) that forward a runtime sync
// operation, a runtime access or a reset to the engine, as the current
// goroutine (or thread).
#include "gor/detail/race_hooks.hpp"
#include "state.hpp"

namespace gor::detail::race {

void acquire_impl(const void* obj, const char* what) noexcept {
  ReentryGuard guard;
  engine().acquire(current_state(), addr(obj), what);
}

void release_impl(const void* obj, const char* what) noexcept {
  ReentryGuard guard;
  engine().release(current_state(), addr(obj), what);
}

void release_merge_impl(const void* obj, const char* what) noexcept {
  ReentryGuard guard;
  engine().release_merge(current_state(), addr(obj), what);
}

void release_acquire_impl(const void* obj, const char* what) noexcept {
  ReentryGuard guard;
  engine().release_acquire(current_state(), addr(obj), what);
}

void acquire_for_impl(G* g, const void* obj, const char* what) noexcept {
  ReentryGuard guard;
  engine().acquire(state_of(g), addr(obj), what);
}

void exchange_with_impl(G* g, const void* obj, const char* what, const char* g_what) noexcept {
  ReentryGuard guard;
  engine().exchange(current_state(), state_of(g), addr(obj), what, g_what);
}

void release_acquire_for_impl(G* g, const void* obj, const char* what) noexcept {
  ReentryGuard guard;
  engine().release_acquire(state_of(g), addr(obj), what);
}

void* owned_clocks_make_impl(size_t n) noexcept {
  ReentryGuard guard;
  return engine().make_owned_clocks(n);
}

void owned_clocks_free_impl(void* clocks) noexcept {
  ReentryGuard guard;
  engine().free_owned_clocks(static_cast<gorace::analyzer::OwnedClocks*>(clocks));
}

void release_acquire_owned_impl(void* clocks, size_t i, const void* obj,
                                const char* what) noexcept {
  ReentryGuard guard;
  engine().release_acquire_owned(
      current_state(), static_cast<gorace::analyzer::OwnedClocks*>(clocks), i, addr(obj), what);
}

void release_acquire_owned_for_impl(G* g, void* clocks, size_t i, const void* obj,
                                    const char* what) noexcept {
  ReentryGuard guard;
  engine().release_acquire_owned(state_of(g), static_cast<gorace::analyzer::OwnedClocks*>(clocks),
                                 i, addr(obj), what);
}

namespace {
// A runtime-level access by `s` (guarded by the caller), named by operation
// `what` at file:line (null `what`: at the caller's own position).
void runtime_access(Engine& e, GState* s, const void* p, size_t size, const char* what,
                    const char* file, unsigned line, uint8_t flags) {
  e.access_op(s, addr(p), size, flags,
              what != nullptr ? operation_frame(what, file, line) : nullptr);
}
}  // namespace

void acquire_owned_and_read_impl(const void* clock, const void* obj, const void* p, size_t size,
                                 const char* what, const char* file, unsigned line) noexcept {
  ReentryGuard guard;
  Engine& e = engine();
  GState* s = current_state();
  e.acquire_owned(s, static_cast<const gorace::analyzer::OwnedClocks*>(clock), 0, addr(obj), what);
  runtime_access(e, s, p, size, what, file, line, gorace::analyzer::kRead);
}

void* read_and_release_owned_impl(void* clock, const void* obj, const void* p, size_t size,
                                  const char* what, const char* file, unsigned line) noexcept {
  ReentryGuard guard;
  Engine& e = engine();
  GState* s = current_state();
  runtime_access(e, s, p, size, what, file, line, gorace::analyzer::kRead);
  auto* clocks = static_cast<gorace::analyzer::OwnedClocks*>(clock);
  if (clocks == nullptr) clocks = e.make_owned_clocks(1);
  e.release_owned(s, clocks, 0, addr(obj), what);
  return clocks;
}

void sync_reset_impl(const void* obj) noexcept {
  ReentryGuard guard;
  engine().sync_reset(addr(obj));
}

void read_impl(const void* p, size_t size, const char* what, const char* file,
               unsigned line) noexcept {
  ReentryGuard guard;
  runtime_access(engine(), current_state(), p, size, what, file, line, gorace::analyzer::kRead);
}

void write_impl(const void* p, size_t size, const char* what, const char* file,
                unsigned line) noexcept {
  ReentryGuard guard;
  runtime_access(engine(), current_state(), p, size, what, file, line, gorace::analyzer::kWrite);
}

void range_reset_impl(const void* p, size_t size) noexcept {
  ReentryGuard guard;
  engine().range_reset(addr(p), size);
}

}  // namespace gor::detail::race
