// The pause hint of spin loops.
#pragma once

namespace gor::detail {

/// Tells the core the thread is spinning (x86 `pause`, Arm `yield`): cheaper
/// for a sibling hyperthread, and no memory-order mis-speculation at exit.
inline void cpu_relax() {
#if defined(__x86_64__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  asm volatile("yield");
#endif
}

}  // namespace gor::detail
