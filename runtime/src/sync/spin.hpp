// Active spinning and the clock for the sync primitives' contended paths.
#pragma once

#include <cstdint>

namespace gor::detail {

/// Whether a goroutine that failed to take a lock `iteration` times in a row
/// should spin once more instead of parking: only a few times, only when
/// another worker may run the holder meanwhile (more than one CPU and P, one
/// of them busy), and not while other goroutines wait for this worker.
bool sync_can_spin(int iteration) noexcept;

/// One short busy-wait (a few dozen pause instructions).
void sync_spin() noexcept;

/// Monotonic time in nanoseconds, for the mutex's starvation threshold (the
/// virtual clock in deterministic mode, so runs stay reproducible).
int64_t sync_now_ns() noexcept;

}  // namespace gor::detail
