// Race detector annotations for code the instrumentation cannot see (custom
// lock-free synchronisation, foreign libraries, tests built without the
// plugin). Every call is a no-op (one predictable branch) while detection is
// off. Detection turns on when an instrumented module starts, or when the
// program calls gor::race::enable() (tests built without the plugin).
#pragma once

#include "gor/detail/requires_cxx20.hpp"

#include <cstddef>
#include <cstdint>
#include <source_location>

namespace gor::race {

/// Turns race detection on for this process (idempotent, never off). Reads
/// GORACE; an unknown option or malformed value exits with status 2. For
/// programs and tests not compiled with the gorace plugin.
void enable();

/// Whether race detection is on.
bool enabled() noexcept;
/// Races reported so far in this process (after deduplication and
/// suppressions).
uint64_t report_count() noexcept;

/// The current goroutine reads [p, p+n). `where` names the access in reports.
void read(const void* p, size_t n,
          std::source_location where = std::source_location::current()) noexcept;
/// The current goroutine writes [p, p+n).
void write(const void* p, size_t n,
           std::source_location where = std::source_location::current()) noexcept;
/// Acquire on the sync object at `p`: everything released to it happens
/// before what the current goroutine does next.
void acquire(const void* p) noexcept;
/// Release to `p`: the object's clock becomes the current goroutine's.
void release(const void* p) noexcept;
/// Release-merge to `p`: the object's clock also covers the current
/// goroutine's past (several releasers, e.g. readers or WaitGroup.Done).
void release_merge(const void* p) noexcept;
/// Until the matching ignore_end(), the current goroutine's accesses and
/// sync events are not tracked. Nests.
void ignore_begin() noexcept;
/// Ends one ignore_begin(). Without one to end (a misuse, which would
/// cancel a later ignore_begin() silently) it is a fatal error, as TSan's
/// check.
void ignore_end() noexcept;

}  // namespace gor::race
