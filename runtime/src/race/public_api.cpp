// gor/race.hpp: the public annotation API over the race integration.
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "gor/detail/spinlock.hpp"
#include "gor/race.hpp"
#include "gor/race_abi.h"
#include "report_sink.hpp"
#include "state.hpp"

namespace gor::race {
namespace {

using detail::race::g_engine;
using detail::race::ReentryGuard;

detail::SpinLock g_where_lock;

/// A loc record for a source position (one per distinct position; never
/// freed), so annotated accesses show their call site in reports.
const __gorace_loc* loc_of(const std::source_location& where) {
  struct Key {
    const char* file;
    uint32_t line;
    uint32_t column;
    bool operator==(const Key&) const = default;
  };
  struct Hash {
    size_t operator()(const Key& k) const {
      return std::hash<const void*>()(k.file) ^ (size_t{k.line} << 20) ^ k.column;
    }
  };
  static auto* locs = new std::unordered_map<Key, const __gorace_loc*, Hash>();
  detail::SpinGuard guard(g_where_lock);
  Key key{where.file_name(), where.line(), where.column()};
  auto it = locs->find(key);
  if (it != locs->end()) return it->second;
  auto* loc = new __gorace_loc{where.function_name(), where.file_name(), where.line(),
                               where.column(), nullptr};
  locs->emplace(key, loc);
  return loc;
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
  if (is_call_at(static_cast<const __gorace_loc*>(e->call_site(s)), where)) {
    e->access(s, addr, n, flags, nullptr);
  } else {
    e->access(s, addr, n, flags, loc_of(where));
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
  detail::race::acquire(p);
}
void release(const void* p) noexcept {
  detail::race::release(p);
}
void release_merge(const void* p) noexcept {
  detail::race::release_merge(p);
}

void ignore_begin() noexcept {
  if (gorace::analyzer::Engine* e = g_engine.load(std::memory_order_acquire))
    e->ignore_begin(detail::race::current_state());
}
void ignore_end() noexcept {
  if (gorace::analyzer::Engine* e = g_engine.load(std::memory_order_acquire))
    e->ignore_end(detail::race::current_state());
}

}  // namespace gor::race
