// Objects the runtime shares with the program through a std::shared_ptr
// (a context's node, a connection's socket). The program's copies count
// references with instrumented atomics; the runtime's copies count them out
// of the detector's sight. When the runtime drops the last reference, the
// detector would see the block's free unordered with the program's last
// decrement, a race that is not there: so freeing such a block records no
// access, as Go's garbage collector frees with none. Its shadow is reset
// when the memory is allocated again.
#pragma once

#include <memory>
#include <utility>

#include "gor/detail/race_hooks.hpp"
#include "gor/race.hpp"

namespace gor::detail {

/// std::allocator, but its deallocation records no access (see above).
template <class T>
struct FreeUnrecordedAllocator {
  using value_type = T;
  FreeUnrecordedAllocator() = default;
  template <class U>
  FreeUnrecordedAllocator(const FreeUnrecordedAllocator<U>&) noexcept {}
  T* allocate(size_t n) { return std::allocator<T>().allocate(n); }
  void deallocate(T* p, size_t n) noexcept {
    const bool racing = race::enabled();  // once: detection may start meanwhile
    if (racing) gor::race::ignore_begin();
    std::allocator<T>().deallocate(p, n);
    if (racing) gor::race::ignore_end();
  }
  template <class U>
  bool operator==(const FreeUnrecordedAllocator<U>&) const noexcept {
    return true;
  }
};

/// std::make_shared for an object the runtime shares with the program.
template <class T, class... Args>
std::shared_ptr<T> make_runtime_shared(Args&&... args) {
  return std::allocate_shared<T>(FreeUnrecordedAllocator<T>(), std::forward<Args>(args)...);
}

}  // namespace gor::detail
