// Frame ids are `const __gorace_loc*`: static records emitted by the plugin,
// or records made here for runtime operations ("gor::Chan::send").
#include <map>
#include <mutex>
#include <string_view>
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

/// How reports name a function given as C++'s pretty name (what
/// std::source_location gives): its qualified name alone, as frames the
/// plugin emitted are named ("int *ns::f(int *) const" -> "ns::f",
/// "ns::S::operator int() const" -> "ns::S::operator int"). Other names
/// are kept.
const char* display_name(const char* function) {
  std::string_view name(function);
  if (name.size() > 1 && name.back() == ']') {  // "f(T) [T = int]"
    const size_t bracket = name.rfind(" [");
    if (bracket != std::string_view::npos) name = name.substr(0, bracket);
  }
  // Trailing qualifiers, in any order and number ("const volatile &").
  for (bool stripped = true; stripped;) {
    stripped = false;
    for (std::string_view q : {" const", " volatile", " noexcept", " &&", " &"}) {
      if (name.ends_with(q)) {
        name.remove_suffix(q.size());
        stripped = true;
      }
    }
  }
  if (name.empty() || name.back() != ')') return function;
  // The parameter list: from the '(' that matches the last ')'.
  int depth = 0;
  size_t open = std::string_view::npos;
  for (size_t i = name.size(); i-- > 0;) {
    if (name[i] == ')') depth++;
    if (name[i] == '(' && --depth == 0) {
      open = i;
      break;
    }
  }
  if (open == std::string_view::npos || open == 0) return function;
  name = name.substr(0, open);
  // The return type ends at the last space outside brackets, before the
  // operator keyword if any ("operator new", "operator int" hold spaces).
  size_t limit = name.size();
  for (size_t at = name.rfind("operator"); at != std::string_view::npos && at > 0;
       at = name.rfind("operator", at - 1)) {
    const char before = name[at - 1];
    if (before == ':' || before == ' ' || before == '*' || before == '&') {
      limit = at;
      break;
    }
  }
  size_t start = 0;
  depth = 0;
  for (size_t i = 0; i < limit; i++) {
    const char c = name[i];
    if (c == '(' || c == '<') depth++;
    if ((c == ')' || c == '>') && depth > 0) depth--;
    if (c == ' ' && depth == 0) start = i + 1;
  }
  name = name.substr(start);
  while (!name.empty() && (name.front() == '*' || name.front() == '&')) name.remove_prefix(1);
  if (name.empty()) return function;
  auto* copy = new char[name.size() + 1];  // as the records: never freed
  name.copy(copy, name.size());
  copy[name.size()] = '\0';
  return copy;
}

}  // namespace

const __gorace_loc* intern_loc(const char* function, const char* file, unsigned line,
                               unsigned column, bool pretty_function) {
  SpinGuard guard(g_locs_lock);
  auto& locs = interned_locs();
  const LocKey key{function, file, line, column};
  auto it = locs.find(key);
  if (it != locs.end()) return it->second;
  auto* loc = new __gorace_loc{pretty_function ? display_name(function) : function, file, line,
                               column, nullptr};
  locs.emplace(key, loc);
  return loc;
}

gorace::analyzer::FrameId operation_frame(const char* what, const char* file, unsigned line) {
  // Hot (every runtime access names one): a per-thread cache in front of the
  // locked map, two ways per set, so that two hot operations that hash
  // alike (a mutex's lock and unlock) do not evict each other at every
  // call. Entries are never invalidated (records are never freed).
  struct CacheEntry {
    const char* what;
    const char* file;
    unsigned line;
    const __gorace_loc* loc;
    bool holds(const char* w, const char* f, unsigned l) const {
      return what == w && line == l && file == f;
    }
  };
  struct CacheSet {
    CacheEntry way[2];  // way[0] filled last
  };
  constexpr int kSetBits = 5;
  static thread_local CacheSet cache[1 << kSetBits];
  const uint64_t hash =
      (reinterpret_cast<uintptr_t>(what) ^ (uint64_t{line} << 32)) * 0x9E3779B97F4A7C15ull;
  CacheSet& set = cache[hash >> (64 - kSetBits)];
  if (set.way[0].holds(what, file, line)) return set.way[0].loc;
  if (set.way[1].holds(what, file, line)) return set.way[1].loc;
  set.way[1] = set.way[0];
  set.way[0] = CacheEntry{what, file, line, intern_loc(what, file, line, 0)};
  return set.way[0].loc;
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
