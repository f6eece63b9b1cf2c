#include "traceback.hpp"

#include <string>

#include "gorace/report/atomic_file.hpp"
#include "state.hpp"

namespace gor::detail::race {
namespace {

void append_position(std::string& out, const gorace::report::Frame& f) {
  out += '\t';
  out += f.file.empty() ? "??" : f.file;
  if (f.line != 0) out += ':' + std::to_string(f.line);
  out += '\n';
}

/// write_traceback of the goroutine whose state is `s`, at `stack`.
void write_traceback_of_state(Engine* e, GState* s, StackId stack, int fd) {
  std::string out;
  for (const gorace::report::Frame& f : e->expand(stack)) {
    out += (f.function.empty() ? "??" : f.function) + "()\n";
    append_position(out, f);
  }
  // As Go's: the main goroutine has no "created by".
  const gorace::report::Stack created =
      Engine::goroutine_id(s) == 1 ? gorace::report::Stack{} : e->expand(Engine::created_at(s));
  if (!created.empty()) {
    out += "created by " + (created.front().function.empty() ? "??" : created.front().function);
    if (uint64_t creator = Engine::creator_id(s); creator != 0)
      out += " in goroutine " + std::to_string(creator);
    out += '\n';
    append_position(out, created.front());
  }
  if (!out.empty()) gorace::report::write_fully(fd, out);
}

}  // namespace

void write_traceback(int fd) {
  Engine* e = g_engine.load(std::memory_order_acquire);
  if (e == nullptr) return;
  ReentryGuard guard;
  GState* s = current_state();
  write_traceback_of_state(e, s, e->stack_at(s, nullptr), fd);
}

void write_fault_traceback(uintptr_t addr, int fd) {
  Engine* e = g_engine.load(std::memory_order_acquire);
  if (e == nullptr) return;
  ReentryGuard guard;
  GState* s = current_state();
  StackId stack = e->faulting_access_stack(s, addr);
  write_traceback_of_state(e, s, stack != 0 ? stack : e->stack_at(s, nullptr), fd);
}

void write_traceback_of(G* g, int fd) {
  Engine* e = g_engine.load(std::memory_order_acquire);
  if (e == nullptr) return;
  ReentryGuard guard;
  GState* s = state_of(g);
  write_traceback_of_state(e, s, e->stack_at(s, nullptr), fd);
}

}  // namespace gor::detail::race
