// Socket I/O over the netpoller (see net/socket.hpp).
#include "net/socket.hpp"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>

#include "detail/runtime_shared.hpp"
#include "gor/detail/race_hooks.hpp"
#include "gor/detail/sched.hpp"
#include "net/address.hpp"
#include "net/race_key.hpp"

namespace gor::net::detail {

namespace race = gor::detail::race;

// Holds one of a Socket's gates (a binary Sema) for one operation.
class Gate {
 public:
  explicit Gate(gor::detail::Sema& sema) : sema_(sema) {
    sema_.acquire(false, gor::detail::WaitReason::kIOWait);
  }
  ~Gate() { sema_.release(false); }
  Gate(const Gate&) = delete;
  Gate& operator=(const Gate&) = delete;

 private:
  gor::detail::Sema& sema_;
};

// Holds a reference on a Socket for one operation.
class OpRef {
 public:
  OpRef(Socket& socket, std::string_view op) : socket_(socket) {
    if (!socket_.begin_op()) throw socket_.closed_error(op);
  }
  ~OpRef() { socket_.end_op(); }
  OpRef(const OpRef&) = delete;
  OpRef& operator=(const OpRef&) = delete;

 private:
  Socket& socket_;
};

Socket::Socket(int fd, std::string network, std::string local, std::string remote)
    : fd_(fd), network_(std::move(network)), local_(std::move(local)), remote_(std::move(remote)) {
  gor::detail::netpoll_open(fd_);
}

Socket::~Socket() {
  close();
}

bool Socket::begin_op() {
  // Never up from 0: the descriptor is closed then, and its number may be
  // another socket's already.
  uint32_t refs = refs_.load();
  do {
    if (refs == 0) return false;
  } while (!refs_.compare_exchange_weak(refs, refs + 1));
  if (!closing_.load()) return true;
  end_op();
  return false;
}

void Socket::end_op() {
  if (refs_.fetch_sub(1) != 1) return;
  gor::detail::netpoll_close(fd_);
  ::close(fd_);
}

void Socket::close() {
  if (closing_.exchange(true)) return;
  // Wakes every pending operation, which then fails. No shutdown(): closing
  // a connection with unread input resets it, as Go's Close does (the peer
  // reads "connection reset by peer", not an orderly end of stream), and a
  // descriptor a forked process shares is left to it.
  gor::detail::netpoll_evict(fd_);
  end_op();
}

void Socket::close_write() {
  OpRef op(*this, "close");
  if (::shutdown(fd_, SHUT_WR) != 0) throw failure("close", "shutdown", errno);
}

void Socket::set_deadline(Time t, bool read, bool write) {
  const int64_t ns = t == Time{} ? 0 : std::max<int64_t>(t.time_since_epoch().count(), 1);
  OpRef op(*this, "set");  // the descriptor stays ours while it is interrupted
  if (read) {
    deadline_[0].store(ns);
    gor::detail::netpoll_interrupt(fd_, gor::detail::IoMode::kRead);
  }
  if (write) {
    deadline_[1].store(ns);
    gor::detail::netpoll_interrupt(fd_, gor::detail::IoMode::kWrite);
  }
}

void Socket::check_deadline(bool for_write, std::string_view op) const {
  const int64_t deadline = deadline_[for_write ? 1 : 0].load();
  if (deadline != 0 && gor::detail::nanotime() >= deadline) throw timeout_error(op);
}

void Socket::wait(bool for_write, std::string_view op) {
  const int64_t deadline = deadline_[for_write ? 1 : 0].load();
  if (deadline != 0 && gor::detail::nanotime() >= deadline) throw timeout_error(op);
  if (gor::detail::current_g() != nullptr) {
    if (!gor::detail::netpoll_wait(
            fd_, for_write ? gor::detail::IoMode::kWrite : gor::detail::IoMode::kRead, deadline))
      throw timeout_error(op);
    return;
  }
  // A thread without a goroutine polls, up to the deadline.
  int timeout_ms = -1;
  if (deadline != 0) {
    const int64_t left = deadline - gor::detail::nanotime();
    timeout_ms =
        left <= 0 ? 0 : static_cast<int>(std::min<int64_t>((left + 999999) / 1000000, INT32_MAX));
  }
  // In slices, so that the caller sees a close() from another thread.
  constexpr int kCloseCheckMs = 50;
  if (timeout_ms < 0 || timeout_ms > kCloseCheckMs) timeout_ms = kCloseCheckMs;
  pollfd p{fd_, static_cast<short>(for_write ? POLLOUT : POLLIN), 0};
  if (::poll(&p, 1, timeout_ms) == 0 && deadline != 0) check_deadline(for_write, op);
}

Error Socket::timeout_error(std::string_view op) const {
  return op_error(op, network_, remote_.empty() ? "" : local_, remote_.empty() ? local_ : remote_,
                  "i/o timeout", ETIMEDOUT, /*timeout=*/true);
}

Error Socket::closed_error(std::string_view op) const {
  return op_error(op, network_, remote_.empty() ? "" : local_, remote_.empty() ? local_ : remote_,
                  "use of closed network connection", 0);
}

Error Socket::failure(std::string_view op, std::string_view syscall, int err) const {
  return op_error(op, network_, remote_.empty() ? "" : local_, remote_.empty() ? local_ : remote_,
                  syscall_text(syscall, err), err);
}

int Socket::connect(const sockaddr* addr, socklen_t length) {
  OpRef op(*this, "dial");
  Gate serial(write_gate_);
  if (::connect(fd_, addr, length) == 0) return 0;
  if (errno != EINPROGRESS && errno != EINTR) return errno;
  for (;;) {
    wait(/*for_write=*/true, "dial");
    if (closing_.load()) return EBADF;
    int err = 0;
    socklen_t len = sizeof err;
    if (::getsockopt(fd_, SOL_SOCKET, SO_ERROR, &err, &len) != 0) return errno;
    if (err == 0) {
      // Writable with no error can also be a spurious wake-up: connected?
      sockaddr_storage peer;
      socklen_t peer_len = sizeof peer;
      if (::getpeername(fd_, reinterpret_cast<sockaddr*>(&peer), &peer_len) == 0) return 0;
      if (errno != ENOTCONN) return errno;
      continue;
    }
    if (err != EINPROGRESS && err != EALREADY && err != EINTR) return err;
  }
}

void Socket::connected() {
  sockaddr_storage local, peer;
  socklen_t local_len = sizeof local, peer_len = sizeof peer;
  ::getsockname(fd_, reinterpret_cast<sockaddr*>(&local), &local_len);
  ::getpeername(fd_, reinterpret_cast<sockaddr*>(&peer), &peer_len);
  local_ = format_endpoint(reinterpret_cast<sockaddr*>(&local));
  remote_ = format_endpoint(reinterpret_cast<sockaddr*>(&peer));
  const int one = 1;
  ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);  // Go's default
  if (race::enabled()) {
    const uint16_t local_port = port_of(reinterpret_cast<sockaddr*>(&local));
    const uint16_t peer_port = port_of(reinterpret_cast<sockaddr*>(&peer));
    write_key_ = race_key(local_port, peer_port);
    read_key_ = race_key(peer_port, local_port);
  }
}

std::shared_ptr<Socket> Socket::accept() {
  OpRef op(*this, "accept");
  Gate serial(read_gate_);
  check_deadline(/*for_write=*/false, "accept");
  for (;;) {
    const int fd = ::accept4(fd_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd >= 0) {
      auto conn = gor::detail::make_runtime_shared<Socket>(fd, network_, "", "");
      conn->connected();
      return conn;
    }
    const int err = errno;
    if (closing_.load()) throw closed_error("accept");
    if (err == EAGAIN || err == EWOULDBLOCK) {
      wait(/*for_write=*/false, "accept");
    } else if (err != EINTR && err != ECONNABORTED) {
      throw failure("accept", "accept4", err);
    }
  }
}

size_t Socket::read(void* buf, size_t n) {
  OpRef op(*this, "read");
  if (n == 0) return 0;
  Gate serial(read_gate_);
  check_deadline(/*for_write=*/false, "read");
  for (;;) {
    const ssize_t got = ::read(fd_, buf, n);
    if (got > 0) {
      race::write(buf, static_cast<size_t>(got), "gor::net::Conn::read");
      if (read_key_ != nullptr) race::acquire(read_key_, "gor::net::Conn::read");
      return static_cast<size_t>(got);
    }
    const int err = errno;
    if (closing_.load()) throw closed_error("read");
    if (got == 0) return 0;
    if (err == EAGAIN || err == EWOULDBLOCK) {
      wait(/*for_write=*/false, "read");
    } else if (err != EINTR) {
      throw failure("read", "read", err);
    }
  }
}

size_t Socket::write(const void* data, size_t n) {
  OpRef op(*this, "write");
  Gate serial(write_gate_);
  check_deadline(/*for_write=*/true, "write");
  if (n > 0) race::read(data, n, "gor::net::Conn::write");
  // Before the bytes leave: the peer may read them before send() returns.
  if (write_key_ != nullptr) race::release_merge(write_key_, "gor::net::Conn::write");
  const char* p = static_cast<const char*>(data);
  size_t left = n;
  try {
    while (left > 0) {
      const ssize_t sent = ::send(fd_, p, left, MSG_NOSIGNAL);
      if (sent >= 0) {
        p += sent;
        left -= static_cast<size_t>(sent);
        continue;
      }
      const int err = errno;
      if (closing_.load()) throw closed_error("write");
      if (err == EAGAIN || err == EWOULDBLOCK) {
        wait(/*for_write=*/true, "write");
      } else if (err != EINTR) {
        throw failure("write", "write", err);
      }
    }
  } catch (Error& e) {
    e.transferred_ = n - left;  // what the peer may have received
    throw;
  }
  return n;
}

}  // namespace gor::net::detail
