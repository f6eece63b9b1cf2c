// gor::Context: Go's context package (cancellation, deadlines, values).
#pragma once

#include <any>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include "gor/chan.hpp"
#include "gor/detail/race_handle.hpp"
#include "gor/time.hpp"

namespace gor {

/// Why a Context is done (Go's ctx.Err()): empty (no error: the context is
/// not done), gor::canceled or gor::deadline_exceeded. Compare with those
/// sentinels or test it as a bool (true when done); message() and operator<<
/// give Go's text ("context canceled", "context deadline exceeded", and
/// "<nil>" for no error).
class ContextError {
 public:
  /// No error.
  constexpr ContextError() = default;
  /// No error (lets `ctx.err() == nullptr` read as Go's `err == nil`).
  constexpr ContextError(std::nullptr_t) {}

  /// True when this is an error (the context is done).
  constexpr explicit operator bool() const noexcept { return kind_ != Kind::kNone; }
  /// "context canceled", "context deadline exceeded", or "" for no error.
  constexpr std::string_view message() const noexcept {
    switch (kind_) {
      case Kind::kCanceled:
        return "context canceled";
      case Kind::kDeadlineExceeded:
        return "context deadline exceeded";
      case Kind::kNone:
        break;
    }
    return "";
  }
  /// message() as a C string (as std::exception::what()).
  constexpr const char* what() const noexcept { return message().data(); }
  friend constexpr bool operator==(ContextError, ContextError) = default;
  /// Prints message(), or "<nil>" for no error.
  friend std::ostream& operator<<(std::ostream& os, ContextError e) {
    return e ? os << e.message() : os << "<nil>";
  }

 private:
  enum class Kind : uint8_t { kNone, kCanceled, kDeadlineExceeded };
  constexpr explicit ContextError(Kind k) : kind_(k) {}
  friend struct ContextErrors;
  Kind kind_ = Kind::kNone;
};

/// Holder of the two sentinels (use gor::canceled / gor::deadline_exceeded).
struct ContextErrors {
  static constexpr ContextError canceled{ContextError::Kind::kCanceled};
  static constexpr ContextError deadline_exceeded{ContextError::Kind::kDeadlineExceeded};
};
/// The error of a context canceled by its CancelFunc (or a parent's).
inline constexpr ContextError canceled = ContextErrors::canceled;
/// The error of a context whose deadline passed.
inline constexpr ContextError deadline_exceeded = ContextErrors::deadline_exceeded;

namespace detail {
struct ContextNode;
}

/// A cancellation signal, deadline and values crossing API boundaries and
/// goroutines, with Go's context.Context semantics. A cheap copyable handle;
/// safe for concurrent use. Canceling a context cancels all contexts derived
/// from it, never its parent. A default-constructed Context is background().
class Context {
 public:
  /// The background context: never canceled, no deadline, no values.
  Context() = default;

  /// A channel closed when the context is canceled or its deadline passes
  /// (receive from it, e.g. in gor::select). The background context's is the
  /// nil channel, which never becomes ready.
  RecvChan<std::monostate> done() const;
  /// Empty while done() is open; then gor::canceled or gor::deadline_exceeded.
  ContextError err() const;
  /// When the context will be canceled with deadline_exceeded (on the clock
  /// of gor::now()), if with_timeout set a deadline on it or an ancestor.
  std::optional<Time> deadline() const;
  /// The value stored under `key` by with_value on this context or its
  /// nearest ancestor that has one, or null.
  const std::any* value(std::string_view key) const;

 private:
  friend std::pair<Context, class CancelFunc> with_cancel(const Context&);
  friend std::pair<Context, class CancelFunc> with_deadline(const Context&, Time);
  friend Context with_value(const Context&, std::string, std::any);
  explicit Context(std::shared_ptr<detail::ContextNode> node) : node_(std::move(node)) {}
  detail::RaceHandle<std::shared_ptr<detail::ContextNode>> node_;  // null: background
};

/// Cancels the context it was returned with (and its descendants) with
/// gor::canceled, and releases the resources tied to it. Idempotent; call it
/// when the work is done (as Go's `defer cancel()`), else the context stays
/// registered with its parent until the parent is canceled.
class CancelFunc {
 public:
  CancelFunc() = default;
  /// Cancels the context (does nothing if it is already done).
  void operator()() const;

 private:
  friend std::pair<Context, CancelFunc> with_cancel(const Context&);
  friend std::pair<Context, CancelFunc> with_deadline(const Context&, Time);
  explicit CancelFunc(std::shared_ptr<detail::ContextNode> node) : node_(std::move(node)) {}
  detail::RaceHandle<std::shared_ptr<detail::ContextNode>> node_;
};

/// The root context: never canceled, no deadline, no values (Go's context.Background()).
Context background();
/// Same as background(); marks code that has not decided which context to use (Go's TODO()).
Context todo();

/// A child of `parent` that is canceled by the returned CancelFunc or when
/// `parent` is canceled, whichever happens first.
std::pair<Context, CancelFunc> with_cancel(const Context& parent);

/// A child of `parent` that is also canceled, with gor::deadline_exceeded,
/// at `deadline` (a gor::now() time point; at once if it has passed), as Go's
/// WithDeadline. If `parent`'s deadline comes sooner, the child simply
/// follows `parent`.
std::pair<Context, CancelFunc> with_deadline(const Context& parent, Time deadline);

/// with_timeout with the timeout in nanoseconds.
std::pair<Context, CancelFunc> with_timeout_ns(const Context& parent, int64_t timeout_ns);

/// A child of `parent` that is also canceled, with gor::deadline_exceeded,
/// once `timeout` has elapsed (at once if it is not positive). If `parent`'s
/// deadline comes sooner, the child simply follows `parent`.
template <class Rep, class Period>
std::pair<Context, CancelFunc> with_timeout(const Context& parent,
                                            std::chrono::duration<Rep, Period> timeout) {
  return with_timeout_ns(parent, detail::to_ns(timeout));
}

/// A child of `parent` carrying `value` under `key` (Go's WithValue); it is
/// done exactly when `parent` is.
Context with_value(const Context& parent, std::string key, std::any value);

}  // namespace gor
