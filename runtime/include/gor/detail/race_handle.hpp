// A handle variable as the race detector sees Go's: a gor::Timer, Context
// or net::Conn is a variable holding a pointer to shared state, and a
// goroutine that assigns it while another uses it races, as in Go. The
// runtime's headers are not instrumented, so the handle says so itself.
#pragma once

#include <utility>

#include "gor/detail/race_hooks.hpp"

namespace gor::detail {

/// Holds a handle's pointer `P` (a shared_ptr or a reference-counting
/// pointer). Using or copying the handle reads the variable, assigning it
/// writes it, each at the program's position (the innermost instrumented
/// call). Moving from a handle (a temporary, usually) is not an access, as
/// for gor::Chan.
template <class P>
class RaceHandle {
 public:
  RaceHandle() = default;
  explicit RaceHandle(P pointer) noexcept : pointer_(std::move(pointer)) {}
  RaceHandle(const RaceHandle& other) : pointer_(other.get()) {}
  RaceHandle(RaceHandle&& other) noexcept : pointer_(std::move(other.pointer_)) {}
  RaceHandle& operator=(const RaceHandle& other) {
    P copy = other.get();
    race::write(&pointer_, sizeof pointer_, nullptr);
    pointer_ = std::move(copy);
    return *this;
  }
  RaceHandle& operator=(RaceHandle&& other) noexcept {
    race::write(&pointer_, sizeof pointer_, nullptr);
    pointer_ = std::move(other.pointer_);
    return *this;
  }
  ~RaceHandle() = default;

  /// The pointer, reading the variable.
  const P& get() const noexcept {
    race::read(&pointer_, sizeof pointer_, nullptr);
    return pointer_;
  }

 private:
  P pointer_{};
};

}  // namespace gor::detail
