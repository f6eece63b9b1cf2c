// Raw futex wait/wake for the scheduler's own thread parking (idle workers,
// the gor::main caller). Separate from sync/futex.hpp (owned by sync).
#pragma once

#include <linux/futex.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <atomic>
#include <cstdint>

namespace gor::detail {

/// Sleeps while *word == expected, at most `timeout_ns` if >= 0. May return
/// spuriously.
inline void os_futex_wait(std::atomic<uint32_t>* word, uint32_t expected, int64_t timeout_ns = -1) {
  timespec ts{};
  timespec* tsp = nullptr;
  if (timeout_ns >= 0) {
    ts.tv_sec = timeout_ns / 1000000000;
    ts.tv_nsec = timeout_ns % 1000000000;
    tsp = &ts;
  }
  syscall(SYS_futex, reinterpret_cast<uint32_t*>(word), FUTEX_WAIT_PRIVATE, expected, tsp, nullptr,
          0);
}

/// Wakes up to `n` threads sleeping on `word`.
inline void os_futex_wake(std::atomic<uint32_t>* word, int n = 1) {
  syscall(SYS_futex, reinterpret_cast<uint32_t*>(word), FUTEX_WAKE_PRIVATE, n, nullptr, nullptr, 0);
}

}  // namespace gor::detail
