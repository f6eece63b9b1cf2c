#include "traceback.hpp"

#include <unistd.h>

#include <string>

#include "state.hpp"

namespace gor::detail::race {
namespace {

/// The frames of `stack` (innermost first), each expanded as in reports.
gorace::report::Stack expand(const Engine& e, StackId stack) {
  gorace::report::Stack out;
  if (stack == 0) return out;
  for (gorace::analyzer::FrameId f : e.frames(stack)) expand_frame(f, out);
  return out;
}

void append_position(std::string& out, const gorace::report::Frame& f) {
  out += '\t';
  out += f.file.empty() ? "??" : f.file;
  if (f.line != 0) out += ':' + std::to_string(f.line);
  out += '\n';
}

void write_all(int fd, const std::string& text) {
  const char* p = text.data();
  size_t n = text.size();
  while (n > 0) {
    ssize_t k = ::write(fd, p, n);
    if (k <= 0) return;
    p += k;
    n -= static_cast<size_t>(k);
  }
}

}  // namespace

void write_traceback(int fd) {
  Engine* e = g_engine.load(std::memory_order_acquire);
  if (e == nullptr) return;
  ReentryGuard guard;
  GState* s = current_state();
  std::string out;
  for (const gorace::report::Frame& f : expand(*e, e->stack_at(s, nullptr))) {
    out += (f.function.empty() ? "??" : f.function) + "()\n";
    append_position(out, f);
  }
  if (out.empty()) return;
  // As Go's: the main goroutine has no "created by".
  const gorace::report::Stack created =
      Engine::goroutine_id(s) == 1 ? gorace::report::Stack{} : expand(*e, Engine::created_at(s));
  if (!created.empty()) {
    out += "created by " + (created.front().function.empty() ? "??" : created.front().function);
    if (uint64_t creator = Engine::creator_id(s); creator != 0)
      out += " in goroutine " + std::to_string(creator);
    out += '\n';
    append_position(out, created.front());
  }
  write_all(fd, out);
}

}  // namespace gor::detail::race
