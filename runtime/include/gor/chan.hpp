// gor::Chan<T>: Go's channels. A Chan is a copyable handle with reference
// semantics (copies share one channel); a default-constructed Chan is the
// nil channel (send and receive block forever, close panics).
#pragma once

#include <cstddef>
#include <optional>
#include <tuple>
#include <utility>

#include "gor/detail/chan_core.hpp"
#include "gor/detail/plugin_annotations.hpp"
#include "gor/detail/race_hooks.hpp"

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
  ChanIterator(ChanIterator&&) = default;
  ChanIterator& operator=(ChanIterator&&) = default;
  /// The element still held (a loop left with break) is the program's: its
  /// destructor is checked as the caller's code, as advance() is.
  GOR_CALLER_CODE ~ChanIterator() {}
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
    if constexpr (std::is_trivially_destructible_v<T>) {
      cur_.reset();
    } else {
      drop_current();
    }
    if (chan_recv(c_, s.ptr(), true).received) {
      cur_.emplace(std::move(s.held()));  // no third copy of a large element
      s.held().~T();
    }
  }
  /// Destroys the element the loop received before, as the program's code
  /// to the race plugin: its destructor's synchronisation (a shared_ptr's
  /// reference count) is the program's.
  GOR_CALLER_CODE void drop_current() { cur_.reset(); }
  ChanCore* c_ = nullptr;
  std::optional<T> cur_;
};

/// Operations shared by Chan, SendChan and RecvChan.
///
/// The handle itself is a variable of the program, as in Go: every operation
/// and every copy reads it, assignment writes it (Go reports
/// `c = make(chan int)` racing with `c <- 1`). The reads are plain loads in
/// core(), code the race plugin checks as the caller's: so a handle the
/// compiler keeps in a register (a local whose address never escapes)
/// costs no check, as Go's compiler checks no stack variable, and a read in
/// code compiled without the plugin is not seen, as any of its accesses.
/// Constructing and destroying a handle are not accesses (Go's allocation
/// and garbage collection are not).
template <class T>
class ChanBase {
 public:
  /// Buffered elements now.
  size_t len() const noexcept { return chan_len(core()); }
  /// Buffer capacity (0: unbuffered).
  size_t cap() const noexcept { return chan_cap(core()); }
  /// Whether this is the nil channel.
  bool is_nil() const noexcept { return core() == nullptr; }
  /// The same channel (Go's ==).
  friend bool operator==(const ChanBase& a, const ChanBase& b) noexcept {
    return a.core() == b.core();
  }
  /// The underlying channel object (for select). Reads the handle, as the
  /// caller's access.
  GOR_CALLER_CODE ChanCore* core() const noexcept { return ref_.pointer(); }

 protected:
  ChanBase() = default;
  explicit ChanBase(ChanRef r) : ref_(std::move(r)) {}
  ChanBase(const ChanBase& o) : ref_(o.read_ref()) {}
  ChanBase(ChanBase&& o) noexcept : ref_(std::move(o.ref_)) {}
  ChanBase& operator=(const ChanBase& o) {
    assign(o.read_ref());
    return *this;
  }
  ChanBase& operator=(ChanBase&& o) noexcept {
    assign(std::move(o.ref_));
    return *this;
  }
  ~ChanBase() = default;
  // The views' conversions from Chan<T> copy its handle (read_ref()).
  friend class SendChan<T>;
  friend class RecvChan<T>;

  // Large elements (Go allows 64 KiB) are copied as few times as they can
  // be on the goroutine's stack: moved from the caller's argument, and
  // received into one slot that the result is built from.
  void do_send(T&& v) const {
    // Reads the handle, then the channel (a send racing close is reported).
    // The plugin checks the handle before loading it: a race report
    // (printed before the goroutine goes on) between the load and the send
    // would widen the window in which a racing assignment frees the channel
    // the send then uses.
    ChanCore* c = core();
    if (c != nullptr) race::read(c, 1, kChanSend);
    chan_send(c, &v, true);
  }
  T do_recv() const {
    Slot<T> s;
    if (!chan_recv(core(), s.ptr(), true).received) return T{};
    return s.take();
  }
  std::pair<T, bool> do_recv_ok() const {
    Slot<T> s;
    if (!chan_recv(core(), s.ptr(), true).received)
      return std::pair<T, bool>(std::piecewise_construct, std::tuple<>(), std::tuple<bool>(false));
    std::pair<T, bool> received(std::move(s.held()), true);
    s.held().~T();
    return received;
  }
  void do_close() const { chan_close(core()); }
  /// A new reference to the channel, reading the handle.
  ChanRef read_ref() const {
    ChanCore* c = core();
    if (c != nullptr) chan_retain(c);
    return ChanRef(c);
  }

 private:
  void assign(ChanRef r) {
    race::write(&ref_, sizeof ref_, nullptr);
    ref_ = std::move(r);
  }
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
  SendChan(const Chan<T>& c) : detail::ChanBase<T>(c.read_ref()) {}  // NOLINT: implicit as Go
  void send(T v) const { this->do_send(std::move(v)); }
  void close() const { this->do_close(); }
};

/// A receive-only view of a channel (Go's <-chan T).
template <class T>
class RecvChan : public detail::ChanBase<T> {
 public:
  RecvChan() = default;
  RecvChan(const Chan<T>& c) : detail::ChanBase<T>(c.read_ref()) {}  // NOLINT: implicit as Go
  /// Adopts a reference to a channel object (the runtime's own channels).
  explicit RecvChan(detail::ChanRef r) : detail::ChanBase<T>(std::move(r)) {}
  T recv() const { return this->do_recv(); }
  std::pair<T, bool> recv_ok() const { return this->do_recv_ok(); }
  detail::ChanIterator<T> begin() const { return detail::ChanIterator<T>(this->core()); }
  detail::ChanIterator<T> end() const { return {}; }
};

/// Makes a channel with a buffer of `cap` elements (0: unbuffered). Panics
/// "makechan: size out of range" when cap < 0.
template <class T>
Chan<T> make_chan(long long cap = 0) {
  return Chan<T>(detail::ChanRef(detail::chan_make(&detail::kElemOps<T>, cap)));
}

}  // namespace gor
