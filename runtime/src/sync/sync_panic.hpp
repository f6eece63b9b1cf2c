// Go-style panics raised by the sync primitives' misuse checks.
#pragma once

namespace gor::detail {

/// Throws gor::Panic carrying `msg` (printed as "panic: <msg>" if unrecovered).
[[noreturn]] void sync_panic(const char* msg);

}  // namespace gor::detail
