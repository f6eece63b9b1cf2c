// Placeholder race hooks until the analyzer integration lands: detection is
// never enabled, so none of these is reached. Replaced by runtime/src/race/*.
#include "gor/detail/race_hooks.hpp"

namespace gor::detail::race {
std::atomic<bool> g_enabled{false};
void acquire_impl(const void*) noexcept {}
void release_impl(const void*) noexcept {}
void release_merge_impl(const void*) noexcept {}
void release_acquire_impl(const void*) noexcept {}
void sync_reset_impl(const void*) noexcept {}
void read_impl(const void*, size_t, const char*) noexcept {}
void write_impl(const void*, size_t, const char*) noexcept {}
void go_impl(G*, G*) noexcept {}
void goroutine_end_impl(G*) noexcept {}
void range_reset_impl(const void*, size_t) noexcept {}
}  // namespace gor::detail::race
