// Futex wait/wake on a 32-bit word, for threads that are not running a
// goroutine (such a thread may block its OS thread).
#pragma once

#include <atomic>
#include <cstdint>

namespace gor::detail {

/// Sleeps while *word == expected (may return spuriously: re-check the word).
void futex_wait(std::atomic<uint32_t>* word, uint32_t expected) noexcept;
/// Wakes one thread sleeping in futex_wait on `word`. Only uses the address,
/// so the word may already have been destroyed by the woken thread.
void futex_wake(std::atomic<uint32_t>* word) noexcept;

}  // namespace gor::detail
