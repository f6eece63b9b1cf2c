#include "globals.hpp"

#include <algorithm>
#include <mutex>
#include <vector>

#include "elf_globals.hpp"
#include "gor/detail/spinlock.hpp"
#include "gorace/report/describe.hpp"
#include "sched/stack_owner.hpp"
#include "state.hpp"
#include "thread_stacks.hpp"

namespace gor::detail::race {
namespace {

SpinLock g_globals_lock;
// Registered globals sorted by address; pointers into the modules' arrays.
std::vector<const __gorace_global*>& globals() GOR_REQUIRES(g_globals_lock) {
  static auto* v = new std::vector<const __gorace_global*>();
  return *v;
}

}  // namespace

void register_globals(const __gorace_global* array, size_t count) {
  ReentryGuard guard;
  SpinGuard lock(g_globals_lock);
  auto& v = globals();
  for (size_t i = 0; i < count; i++) v.push_back(&array[i]);
  std::sort(v.begin(), v.end(), [](const __gorace_global* a, const __gorace_global* b) {
    return a->address < b->address;
  });
}

const __gorace_global* find_global(uintptr_t addr) {
  SpinGuard lock(g_globals_lock);
  auto& v = globals();
  auto it = std::upper_bound(v.begin(), v.end(), addr, [](uintptr_t a, const __gorace_global* g) {
    return a < reinterpret_cast<uintptr_t>(g->address);
  });
  if (it == v.begin()) return nullptr;
  const __gorace_global* g = *(it - 1);
  auto start = reinterpret_cast<uintptr_t>(g->address);
  return addr < start + (g->size > 0 ? g->size : 1) ? g : nullptr;
}

namespace {

/// Drops the innermost frames of an allocation stack that are not the
/// program's (std::allocator, std::make_shared, the runtime's headers: see
/// report::is_program_frame), keeping at least one: the stack starts, as
/// Go's, at the program's own call that allocated.
void drop_library_frames(gorace::report::Stack& stack) {
  size_t n = 0;
  while (n + 1 < stack.size() && !gorace::report::is_program_frame(stack[n])) n++;
  stack.erase(stack.begin(), stack.begin() + static_cast<std::ptrdiff_t>(n));
}

}  // namespace

void locate(uintptr_t addr, gorace::report::Location& out) {
  if (const __gorace_global* g = find_global(addr)) {
    out.kind = gorace::report::Location::Kind::kGlobal;
    out.block_start = reinterpret_cast<uintptr_t>(g->address);
    out.block_size = g->size;
    out.global_name = g->name != nullptr ? g->name : "";
    out.global_decl.function = out.global_name;
    out.global_decl.file = g->file != nullptr ? g->file : "";
    out.global_decl.line = g->line;
    return;
  }
  HeapBlock b;
  if (find_heap_block(addr, b)) {
    out.kind = gorace::report::Location::Kind::kHeap;
    out.block_start = b.start;
    out.block_size = b.size;
    out.alloc_goroutine = b.goroutine;
    out.alloc_thread = b.thread;
    if (Engine* e = g_engine.load(std::memory_order_acquire)) {
      out.alloc_stack = e->expand(b.stack);
      drop_library_frames(out.alloc_stack);
    }
    return;
  }
  if (uint64_t owner = stack_owner(addr)) {
    out.kind = gorace::report::Location::Kind::kStack;
    out.stack_goroutine = owner;
  } else if (uint64_t thread = thread_stack_owner(addr)) {
    out.kind = gorace::report::Location::Kind::kStack;
    out.stack_thread = thread;
  } else if (ElfGlobal g; find_elf_global(addr, g)) {  // built without the plugin
    out.kind = gorace::report::Location::Kind::kGlobal;
    out.block_start = g.start;
    out.block_size = g.size;
    out.global_name = g.name;
    out.global_decl.function = g.name;
  }
}

}  // namespace gor::detail::race
