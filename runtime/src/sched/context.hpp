// The machine-level context switch (context_<arch>.S) and the layout of a
// fresh goroutine context.
#pragma once

#include <cstddef>
#include <cstdint>

extern "C" {
/// Saves the callee-saved registers on the current stack, stores the stack
/// pointer in *save_sp and resumes the context saved at load_sp.
void gor_ctx_switch(void** save_sp, void* load_sp);
/// First frame of a fresh context: calls entry(arg), never returns.
void gor_ctx_entry();
}

namespace gor::detail {

/// Prepares a context on the stack [lo, lo+size) that, when switched to,
/// calls entry(arg) on that stack. Returns the stack pointer to switch to.
inline void* ctx_init(char* lo, size_t size, void (*entry)(void*), void* arg) {
  auto top = reinterpret_cast<uintptr_t>(lo + size) & ~uintptr_t{15};
#if defined(__x86_64__)
  // Slots popped by gor_ctx_switch: r15 r14 r13 r12 rbx rbp, then the return
  // address. After the pops the stack pointer is top-16 (16-byte aligned).
  auto* sp = reinterpret_cast<uintptr_t*>(top - 72);
  sp[0] = 0;                                            // r15
  sp[1] = 0;                                            // r14
  sp[2] = reinterpret_cast<uintptr_t>(entry);           // r13
  sp[3] = reinterpret_cast<uintptr_t>(arg);             // r12
  sp[4] = 0;                                            // rbx
  sp[5] = 0;                                            // rbp
  sp[6] = reinterpret_cast<uintptr_t>(&gor_ctx_entry);  // return address
  return sp;
#elif defined(__aarch64__)
  auto* sp = reinterpret_cast<uintptr_t*>(top - 160);
  for (int i = 0; i < 20; ++i) sp[i] = 0;
  sp[0] = reinterpret_cast<uintptr_t>(arg);              // x19
  sp[1] = reinterpret_cast<uintptr_t>(entry);            // x20
  sp[11] = reinterpret_cast<uintptr_t>(&gor_ctx_entry);  // x30
  return sp;
#else
#error "gorace: no context switch for this architecture"
#endif
}

}  // namespace gor::detail
