// gor::Panic: Go's panic as a C++ exception. Catching it is Go's recover();
// one that escapes a goroutine's function prints "panic: <msg>" and the
// goroutine's id on stderr and exits the process with status 2.
#pragma once

#include "gor/detail/requires_cxx20.hpp"

#include <exception>
#include <string>
#include <utility>

namespace gor {

/// The exception the runtime throws for Go's run-time panics ("send on closed
/// channel", ...) and that user code may throw through gor::panic().
class Panic : public std::exception {
 public:
  /// A panic whose message (what()) is `msg`.
  explicit Panic(std::string msg) : msg_(std::move(msg)) {}
  explicit Panic(const char* msg) : msg_(msg) {}
  /// The panic message, without the "panic: " prefix.
  const char* what() const noexcept override { return msg_.c_str(); }

 private:
  std::string msg_;
};

/// Throws gor::Panic(msg), as Go's panic(msg).
[[noreturn]] inline void panic(std::string msg) {
  throw Panic(std::move(msg));
}

}  // namespace gor
