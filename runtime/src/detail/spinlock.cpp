// SpinLock's contended path.
#include "gor/detail/spinlock.hpp"

#include <sched.h>

namespace gor::detail {
namespace {

// Tells the core we are spinning (cheaper for the sibling hyperthread).
inline void cpu_relax() {
#if defined(__x86_64__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  asm volatile("yield");
#endif
}

}  // namespace

thread_local constinit unsigned t_spinlocks_held = 0;

#if !defined(__x86_64__)
[[gnu::noinline]] unsigned& spinlocks_held() noexcept {
  return t_spinlocks_held;
}
#endif

void SpinLock::lock_slow() {
  for (int spins = 0;; ++spins) {
    if (!locked_.load(std::memory_order_relaxed) &&
        !locked_.exchange(true, std::memory_order_acquire)) {
      return;
    }
    if (spins < 64) {
      cpu_relax();
    } else {
      sched_yield();
    }
  }
}

}  // namespace gor::detail
