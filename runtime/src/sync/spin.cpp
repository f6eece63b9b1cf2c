// Spinning policy and clock for the sync primitives (see sync/spin.hpp).
#include "sync/spin.hpp"

#include <thread>

#include "detail/cpu_relax.hpp"
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
  return iteration < kMaxSpins && multicore() && gomaxprocs() > 1 && lock_spinning_may_pay();
}

void sync_spin() noexcept {
  for (int i = 0; i < kPausesPerSpin; ++i) cpu_relax();
}

int64_t sync_now_ns() noexcept {
  return nanotime();
}

}  // namespace gor::detail
