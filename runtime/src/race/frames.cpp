// Frame ids are `const __gorace_loc*`: static records emitted by the plugin,
// or records made here for runtime operations ("chansend").
#include <mutex>
#include <unordered_map>

#include "gor/detail/spinlock.hpp"
#include "gor/race_abi.h"
#include "state.hpp"

namespace gor::detail::race {
namespace {

SpinLock g_ops_lock;
// Operation name (static string) -> its loc record (never freed).
std::unordered_map<const char*, const __gorace_loc*>& operation_locs() GOR_REQUIRES(g_ops_lock) {
  static auto* locs = new std::unordered_map<const char*, const __gorace_loc*>();
  return *locs;
}

/// The record of operation `what`, from the shared map (created once).
const __gorace_loc* operation_frame_slow(const char* what) {
  SpinGuard guard(g_ops_lock);
  auto& locs = operation_locs();
  auto it = locs.find(what);
  if (it != locs.end()) return it->second;
  auto* loc = new __gorace_loc{what, "", 0, 0, nullptr};
  locs.emplace(what, loc);
  return loc;
}

}  // namespace

gorace::analyzer::FrameId operation_frame(const char* what) {
  // Hot (every runtime access names one): a per-thread direct-mapped cache
  // in front of the locked map. Entries are never invalidated (records are
  // never freed).
  struct CacheEntry {
    const char* what;
    const __gorace_loc* loc;
  };
  static thread_local CacheEntry cache[16];
  CacheEntry& e = cache[(reinterpret_cast<uintptr_t>(what) >> 3) % 16];
  if (e.what == what) return e.loc;
  e = CacheEntry{what, operation_frame_slow(what)};
  return e.loc;
}

void expand_frame(gorace::analyzer::FrameId frame, gorace::report::Stack& out) {
  for (auto* loc = static_cast<const __gorace_loc*>(frame); loc != nullptr; loc = loc->inlined_at) {
    gorace::report::Frame f;
    f.function = loc->function != nullptr ? loc->function : "";
    f.file = loc->file != nullptr ? loc->file : "";
    f.line = loc->line;
    f.column = loc->column;
    out.push_back(std::move(f));
  }
}

}  // namespace gor::detail::race
