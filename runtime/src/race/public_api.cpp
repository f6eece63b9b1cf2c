// gor/race.hpp: the public annotation API over the race integration.
#include <string_view>

#include "gor/detail/sched.hpp"
#include "gor/race.hpp"
#include "gor/race_abi.h"
#include "report_sink.hpp"
#include "state.hpp"

namespace gor::race {
namespace {

using detail::race::g_engine;
using detail::race::ReentryGuard;

/// The loc record of an annotation's call site, so annotated accesses show
/// it in reports.
const __gorace_loc* loc_of(const std::source_location& where) {
  return detail::race::intern_loc(where.function_name(), where.file_name(), where.line(),
                                  where.column(), true);
}

std::string_view base_name(std::string_view path) {
  const size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

/// Whether `site`, a call site the plugin recorded, is the call at `where`.
bool is_call_at(const __gorace_loc* site, const std::source_location& where) {
  return site != nullptr && site->file != nullptr && site->line == where.line() &&
         base_name(site->file) == base_name(where.file_name());
}

void annotated_access(const void* p, size_t n, uint8_t flags, const std::source_location& where) {
  gorace::analyzer::Engine* e = g_engine.load(std::memory_order_acquire);
  if (e == nullptr) return;
  ReentryGuard guard;
  gorace::analyzer::GState* s = detail::race::current_state();
  const auto addr = reinterpret_cast<uintptr_t>(p);
  // Called from instrumented code, the plugin's record of this call names
  // it as every other frame is named (main.func1, the absolute path): the
  // access then takes the innermost frame's call site (a null pc).
  // Called from code built without the plugin, that call site is the call
  // into that code, and the annotation's own position goes above it.
  if (is_call_at(static_cast<const __gorace_loc*>(e->call_site(s)), where)) {
    e->access(s, addr, n, flags, nullptr);
  } else {
    e->access_op(s, addr, n, flags, loc_of(where));
  }
}

}  // namespace

void enable() {
  detail::race::enable_detection();
}
bool enabled() noexcept {
  return detail::race::enabled();
}
uint64_t report_count() noexcept {
  return detail::race::reports_so_far();
}

void read(const void* p, size_t n, std::source_location where) noexcept {
  annotated_access(p, n, gorace::analyzer::kRead, where);
}
void write(const void* p, size_t n, std::source_location where) noexcept {
  annotated_access(p, n, gorace::analyzer::kWrite, where);
}
void acquire(const void* p) noexcept {
  detail::race::acquire(p, "gor::race::acquire");
}
void release(const void* p) noexcept {
  detail::race::release(p, "gor::race::release");
}
void release_merge(const void* p) noexcept {
  detail::race::release_merge(p, "gor::race::release_merge");
}

namespace {
// ignore_begin() calls made on this thread before detection was on: the
// engine never saw them, and their ends must not count as unmatched.
thread_local uint32_t t_begins_before_detection = 0;
}  // namespace

void ignore_begin() noexcept {
  if (gorace::analyzer::Engine* e = g_engine.load(std::memory_order_acquire)) {
    e->ignore_begin(detail::race::current_state());
  } else {
    t_begins_before_detection++;
  }
}
void ignore_end() noexcept {
  gorace::analyzer::Engine* e = g_engine.load(std::memory_order_acquire);
  if (e != nullptr && e->ignore_end(detail::race::current_state())) return;
  if (t_begins_before_detection > 0) {
    t_begins_before_detection--;
    return;
  }
  // As TSan, which fails a check: an unmatched end would otherwise cancel
  // a later ignore_begin() silently.
  if (e != nullptr) detail::fatal("gor::race::ignore_end() without a matching ignore_begin()");
}

}  // namespace gor::race
