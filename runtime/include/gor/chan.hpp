// gor::Chan<T>: Go's channels. A Chan is a copyable handle with reference
// semantics (copies share one channel); a default-constructed Chan is the
// nil channel (send and receive block forever, close panics).
#pragma once

#include <cstddef>
#include <optional>
#include <utility>

#include "gor/detail/chan_core.hpp"

namespace gor {

template <class T>
class Chan;
template <class T>
class SendChan;
template <class T>
class RecvChan;

namespace detail {

/// Range-for over a channel: yields values until it is closed and drained.
template <class T>
class ChanIterator {
 public:
  ChanIterator() = default;
  explicit ChanIterator(ChanCore* c) : c_(c) { advance(); }
  T& operator*() { return *cur_; }
  ChanIterator& operator++() {
    advance();
    return *this;
  }
  bool operator!=(const ChanIterator& o) const { return cur_.has_value() != o.cur_.has_value(); }
  bool operator==(const ChanIterator& o) const { return !(*this != o); }

 private:
  void advance() {
    Slot<T> s;
    cur_.reset();
    if (chan_recv(c_, s.ptr(), true).received) cur_.emplace(s.take());
  }
  ChanCore* c_ = nullptr;
  std::optional<T> cur_;
};

/// Operations shared by Chan, SendChan and RecvChan.
template <class T>
class ChanBase {
 public:
  /// Buffered elements now.
  size_t len() const noexcept { return chan_len(ref_.get()); }
  /// Buffer capacity (0: unbuffered).
  size_t cap() const noexcept { return chan_cap(ref_.get()); }
  /// Whether this is the nil channel.
  bool is_nil() const noexcept { return ref_.get() == nullptr; }
  /// The same channel (Go's ==).
  friend bool operator==(const ChanBase& a, const ChanBase& b) noexcept {
    return a.ref_.get() == b.ref_.get();
  }
  /// The underlying channel object (for select).
  ChanCore* core() const noexcept { return ref_.get(); }

 protected:
  ChanBase() = default;
  explicit ChanBase(ChanRef r) : ref_(std::move(r)) {}

  void do_send(T v) const { chan_send(ref_.get(), &v, true); }
  T do_recv() const { return do_recv_ok().first; }
  std::pair<T, bool> do_recv_ok() const {
    Slot<T> s;
    if (chan_recv(ref_.get(), s.ptr(), true).received) return {s.take(), true};
    return {T{}, false};
  }
  void do_close() const { chan_close(ref_.get()); }

  ChanRef ref_;
};

}  // namespace detail

/// A bidirectional channel of T.
template <class T>
class Chan : public detail::ChanBase<T> {
 public:
  /// The nil channel.
  Chan() = default;
  /// Adopts a channel object (see make_chan).
  explicit Chan(detail::ChanRef r) : detail::ChanBase<T>(std::move(r)) {}

  /// Sends v, blocking until a receiver takes it or buffer space frees up.
  /// Panics "send on closed channel".
  void send(T v) const { this->do_send(std::move(v)); }
  /// Receives a value; T{} once the channel is closed and drained.
  T recv() const { return this->do_recv(); }
  /// Receives a value and whether it came from a send (false: closed).
  std::pair<T, bool> recv_ok() const { return this->do_recv_ok(); }
  /// Closes the channel. Panics on a nil or already closed channel.
  void close() const { this->do_close(); }

  detail::ChanIterator<T> begin() const { return detail::ChanIterator<T>(this->core()); }
  detail::ChanIterator<T> end() const { return {}; }
};

/// A send-only view of a channel (Go's chan<- T).
template <class T>
class SendChan : public detail::ChanBase<T> {
 public:
  SendChan() = default;
  SendChan(const Chan<T>& c) : detail::ChanBase<T>(copy_ref(c)) {}  // NOLINT: implicit as Go
  void send(T v) const { this->do_send(std::move(v)); }
  void close() const { this->do_close(); }

 private:
  static detail::ChanRef copy_ref(const Chan<T>& c) {
    if (c.core() != nullptr) detail::chan_retain(c.core());
    return detail::ChanRef(c.core());
  }
};

/// A receive-only view of a channel (Go's <-chan T).
template <class T>
class RecvChan : public detail::ChanBase<T> {
 public:
  RecvChan() = default;
  RecvChan(const Chan<T>& c) : detail::ChanBase<T>(copy_ref(c)) {}  // NOLINT: implicit as Go
  T recv() const { return this->do_recv(); }
  std::pair<T, bool> recv_ok() const { return this->do_recv_ok(); }
  detail::ChanIterator<T> begin() const { return detail::ChanIterator<T>(this->core()); }
  detail::ChanIterator<T> end() const { return {}; }

 private:
  static detail::ChanRef copy_ref(const Chan<T>& c) {
    if (c.core() != nullptr) detail::chan_retain(c.core());
    return detail::ChanRef(c.core());
  }
};

/// Makes a channel with a buffer of `cap` elements (0: unbuffered). Panics
/// "makechan: size out of range" when cap < 0.
template <class T>
Chan<T> make_chan(long long cap = 0) {
  return Chan<T>(detail::ChanRef(detail::chan_make(&detail::kElemOps<T>, cap)));
}

}  // namespace gor
