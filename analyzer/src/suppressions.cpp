// TSan-format suppressions: `race:pattern` / `race_top:pattern`, `#`
// comments, `*` wildcards, `^`/`$` anchors, otherwise substring match
// against a frame's function name or file path (or a racing global's name
// or declaring file).
#include <string_view>

#include "gorace/analyzer/engine.hpp"

namespace gorace::analyzer {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

/// Whether `p` (with '*' wildcards) matches all of `s`.
bool glob_full(std::string_view p, std::string_view s) {
  size_t pi = 0, si = 0, star = std::string_view::npos, mark = 0;
  while (si < s.size()) {
    if (pi < p.size() && p[pi] != '*' && p[pi] == s[si]) {
      pi++;
      si++;
    } else if (pi < p.size() && p[pi] == '*') {
      star = pi++;
      mark = si;
    } else if (star != std::string_view::npos) {
      pi = star + 1;
      si = ++mark;
    } else {
      return false;
    }
  }
  while (pi < p.size() && p[pi] == '*') pi++;
  return pi == p.size();
}

/// TSan's template match: unanchored ends behave as if wrapped in '*'.
bool template_match(std::string_view pattern, std::string_view text) {
  if (pattern.empty()) return false;
  std::string p;
  bool anchored_start = pattern.front() == '^';
  bool anchored_end = pattern.size() > 1 && pattern.back() == '$';
  if (anchored_start) pattern.remove_prefix(1);
  if (anchored_end) pattern.remove_suffix(1);
  if (!anchored_start) p += '*';
  p += pattern;
  if (!anchored_end) p += '*';
  return glob_full(p, text);
}

bool frame_matches(const std::string& pattern, const report::Frame& f) {
  return template_match(pattern, f.function) || template_match(pattern, f.file);
}

}  // namespace

bool Suppressions::parse(const std::string& text, std::string& error) {
  std::string_view rest(text);
  int line_no = 0;
  while (!rest.empty()) {
    size_t nl = rest.find('\n');
    std::string_view line = trim(rest.substr(0, nl));
    rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
    line_no++;
    if (line.empty() || line.front() == '#') continue;
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) {
      error = "line " + std::to_string(line_no) + ": expected <type>:<pattern>, got \"" +
              std::string(line) + "\"";
      return false;
    }
    std::string_view type = trim(line.substr(0, colon));
    std::string_view pattern = trim(line.substr(colon + 1));
    // TSan's other types name reports gorace does not make: accepted, so
    // that one file serves both tools, and unused.
    const bool other_tsan_type = type == "called_from_lib" || type == "deadlock" ||
                                 type == "mutex" || type == "signal" || type == "thread";
    if (type != "race" && type != "race_top" && !other_tsan_type) {
      error = "line " + std::to_string(line_no) + ": unknown suppression type \"" +
              std::string(type) +
              "\" (expected race or race_top, or TSan's called_from_lib, deadlock, mutex, "
              "signal or thread, which are ignored)";
      return false;
    }
    if (pattern.empty()) {
      error = "line " + std::to_string(line_no) + ": empty pattern";
      return false;
    }
    if (!other_tsan_type) rules_.push_back(Rule{type == "race_top", std::string(pattern)});
  }
  return true;
}

bool Suppressions::matches(const report::Stack& a, const report::Stack& b,
                           const report::Location& where) const {
  const bool global = where.kind == report::Location::Kind::kGlobal;
  for (const Rule& r : rules_) {
    if (global && !r.top_only &&
        (template_match(r.pattern, where.global_name) ||
         frame_matches(r.pattern, where.global_decl)))
      return true;
    for (const report::Stack* s : {&a, &b}) {
      if (r.top_only) {
        if (!s->empty() && frame_matches(r.pattern, s->front())) return true;
      } else {
        for (const report::Frame& f : *s)
          if (frame_matches(r.pattern, f)) return true;
      }
    }
  }
  return false;
}

}  // namespace gorace::analyzer
