// format_text: one race in Go's -race report format (plus size, atomicity
// and location, as TSan prints them).
#include <cctype>
#include <set>
#include <string_view>
#include <utility>

#include "gorace/report/describe.hpp"
#include "gorace/report/model_json.hpp"
#include "gorace/report/writers.hpp"

namespace gorace::report {
namespace {

constexpr const char* kRule = "==================\n";

/// Whether `function` ends with its parameter list, possibly followed by
/// qualifiers ("f(int)", "X::operator()() const", "g() &&"). The call
/// operator's own name ("X::operator()") is not one.
bool ends_with_parameter_list(std::string_view function) {
  while (!function.empty()) {
    const size_t space = function.rfind(' ');
    const std::string_view last = function.substr(space == std::string_view::npos ? 0 : space + 1);
    if (last != "const" && last != "volatile" && last != "&" && last != "&&" &&
        last != "noexcept") {
      break;
    }
    function = function.substr(0, space == std::string_view::npos ? 0 : space);
  }
  return !function.empty() && function.back() == ')' && !function.ends_with("::operator()");
}

void append_stack(std::string& out, const Stack& stack, const TextOptions& o) {
  if (stack.empty()) {
    out += "  [failed to restore the stack]\n";
    return;
  }
  for (const Frame& f : stack) {
    out += "  ";
    out += f.function.empty() ? "??" : f.function;
    // Go prints "pkg.func()": so does every frame, unless its name already
    // ends with a parameter list ("X::operator()()", "f(int) const"). A '('
    // inside template arguments ("std::__invoke_impl<void, main::$_0::
    // operator()() const>") or of the call operator's name ("X::operator()")
    // is not one.
    if (!ends_with_parameter_list(f.function)) out += "()";
    out += "\n      ";
    out += frame_position(f, o.strip_path_prefix);
    out += '\n';
  }
}

void append_access(std::string& out, const Race& race, const Access& a, bool previous,
                   const TextOptions& o) {
  std::string kind = access_kind(a);
  if (previous) kind = "Previous " + kind;
  kind[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(kind[0])));
  out += kind + " at " + hex_address(a.address) + " by " +
         goroutine_label(a.goroutine, on_main_goroutine(race, a), a.thread);
  if (a.size != 0) out += " (size " + std::to_string(a.size) + ")";
  out += ":\n";
  append_stack(out, a.stack, o);
}

void append_location(std::string& out, const Location& l, const TextOptions& o) {
  switch (l.kind) {
    case Location::Kind::kHeap:
      out += "\nLocation is heap block of size " + std::to_string(l.block_size) + " at " +
             hex_address(l.block_start) + " allocated by " +
             goroutine_label(l.alloc_goroutine, l.alloc_goroutine == 1, l.alloc_thread) + ":\n";
      append_stack(out, l.alloc_stack, o);
      break;
    case Location::Kind::kGlobal:
      out += "\nLocation is global '" + l.global_name + "' of size " +
             std::to_string(l.block_size) + " at " + hex_address(l.block_start);
      if (!l.global_decl.file.empty())
        out += " (" + frame_position(l.global_decl, o.strip_path_prefix) + ")";
      out += "\n";
      break;
    case Location::Kind::kStack:
      out += "\nLocation is stack of " +
             goroutine_label(l.stack_goroutine, l.stack_goroutine == 1, l.stack_thread) + ".\n";
      break;
    case Location::Kind::kUnknown:
      break;
  }
}

}  // namespace

std::string format_text(const Race& race, const TextOptions& options) {
  std::string out = kRule;
  out += "WARNING: DATA RACE\n";
  append_access(out, race, race.current, false, options);
  out += '\n';
  append_access(out, race, race.previous, true, options);
  append_location(out, race.location, options);

  // Every goroutine of both creation chains except main, once each, in the
  // order current chain then previous chain (Go prints each involved
  // goroutine's creation; we add their creators up to main).
  // Threads outside the scheduler are printed as TSan prints them ("Thread
  // T3 (running) created at:"), when their creation was seen.
  std::set<std::pair<uint64_t, uint64_t>> printed;
  for (const auto* chain : {&race.current_chain, &race.previous_chain}) {
    for (const Goroutine& g : *chain) {
      const bool thread = g.id == 0;
      if (g.is_main || (thread && (g.thread <= 1 || g.created_at.empty())) ||
          !printed.insert({g.id, g.thread}).second)
        continue;
      const std::string who =
          thread ? "Thread T" + std::to_string(g.thread - 1) : "Goroutine " + std::to_string(g.id);
      out += "\n" + who + (g.running ? " (running)" : " (finished)") + " created at:\n";
      if (g.created_at.empty()) {
        out += std::string("  ") + kCreatedUninstrumented + "\n";  // nothing was lost
      } else {
        append_stack(out, g.created_at, options);
      }
    }
  }
  out += kRule;
  // Names and paths come from the program (or a crafted log): none may
  // drive the terminal the report is read on.
  return visible_controls(out, InvalidUtf8::kHexEscape);
}

}  // namespace gorace::report
