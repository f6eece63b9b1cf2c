// Spinning policy and clock for the sync primitives (see sync/spin.hpp).
#include "sync/spin.hpp"

#include <thread>

#include "gor/detail/sched.hpp"
#include "gor/runtime.hpp"

namespace gor::detail {
namespace {

constexpr int kMaxSpins = 4;
constexpr int kPausesPerSpin = 30;

bool multicore() noexcept {
  static const bool yes = std::thread::hardware_concurrency() > 1;
  return yes;
}

}  // namespace

bool sync_can_spin(int iteration) noexcept {
  // With one processor the holder cannot run while we spin.
  return iteration < kMaxSpins && multicore() && gomaxprocs() > 1;
}

void sync_spin() noexcept {
  for (int i = 0; i < kPausesPerSpin; ++i) {
#if defined(__x86_64__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    asm volatile("yield");
#endif
  }
}

int64_t sync_now_ns() noexcept {
  return nanotime();
}

}  // namespace gor::detail
