// Frame ids are `const __gorace_loc*`: static records emitted by the plugin,
// or records made here for runtime operations ("gor::Chan::send").
#include <map>
#include <mutex>
#include <tuple>

#include "gor/detail/spinlock.hpp"
#include "gor/race_abi.h"
#include "state.hpp"

namespace gor::detail::race {
namespace {

SpinLock g_locs_lock;
// A position: its function and file (static strings), line and column.
using LocKey = std::tuple<const char*, const char*, unsigned, unsigned>;
// Position -> its loc record (never freed).
std::map<LocKey, const __gorace_loc*>& interned_locs() GOR_REQUIRES(g_locs_lock) {
  static auto* locs = new std::map<LocKey, const __gorace_loc*>();
  return *locs;
}

}  // namespace

const __gorace_loc* intern_loc(const char* function, const char* file, unsigned line,
                               unsigned column) {
  SpinGuard guard(g_locs_lock);
  auto& locs = interned_locs();
  const LocKey key{function, file, line, column};
  auto it = locs.find(key);
  if (it != locs.end()) return it->second;
  auto* loc = new __gorace_loc{function, file, line, column, nullptr};
  locs.emplace(key, loc);
  return loc;
}

gorace::analyzer::FrameId operation_frame(const char* what, const char* file, unsigned line) {
  // Hot (every runtime access names one): a per-thread direct-mapped cache
  // in front of the locked map. Entries are never invalidated (records are
  // never freed).
  struct CacheEntry {
    const char* what;
    const char* file;
    unsigned line;
    const __gorace_loc* loc;
  };
  static thread_local CacheEntry cache[16];
  CacheEntry& e = cache[((reinterpret_cast<uintptr_t>(what) >> 3) ^ line) % 16];
  if (e.what == what && e.line == line && e.file == file) return e.loc;
  e = CacheEntry{what, file, line, intern_loc(what, file, line, 0)};
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
