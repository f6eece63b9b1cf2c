// gor::net: TCP networking for goroutines (Go's net package, TCP only).
// Sockets are non-blocking and registered with the runtime's epoll
// netpoller: a goroutine waiting in accept/read/write/dial parks, and its
// worker thread runs other goroutines meanwhile. Sockets are opened while a
// gor::main runs (from a goroutine, or from another thread, which then
// blocks in poll(2) instead of parking).
#pragma once

#include <cstddef>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>

#include "gor/detail/race_handle.hpp"
#include "gor/detail/requires_cxx20.hpp"
#include "gor/time.hpp"

namespace gor::net {

namespace detail {
class Socket;
}

/// A network operation failed. what() reads as Go's net.OpError, e.g.
/// "dial tcp 127.0.0.1:1: connect: connection refused",
/// "accept tcp 127.0.0.1:4000: use of closed network connection",
/// "dial udpx: unknown network udpx".
class Error : public std::runtime_error {
 public:
  /// `message` is the full text; `code` the errno behind it (0 if none);
  /// `timeout`: a deadline passed (Go's net.Error Timeout()).
  Error(const std::string& message, int code, bool timeout = false)
      : std::runtime_error(message), code_(code), timeout_(timeout) {}
  /// The errno value behind the error (e.g. ECONNREFUSED), or 0 when the
  /// error is not a failed system call (closed connection, bad address);
  /// ETIMEDOUT for a deadline that passed.
  int code() const noexcept { return code_; }
  /// Whether the operation failed because its deadline passed ("... i/o
  /// timeout", Go's os.ErrDeadlineExceeded).
  bool timeout() const noexcept { return timeout_; }
  /// How many bytes a Conn::write() sent, or a Conn::read_all() read, before
  /// it failed (Go's n returned with the error); 0 for other operations.
  size_t transferred() const noexcept { return transferred_; }
  /// The bytes a Conn::read_all() read before it failed (Go's io.ReadAll
  /// returns them with the error); empty for other operations.
  const std::string& partial() const noexcept { return partial_; }

 private:
  friend class detail::Socket;
  friend class Conn;
  int code_;
  bool timeout_;
  size_t transferred_ = 0;
  std::string partial_;
};

/// A TCP connection. A copyable handle with reference semantics (like Go's
/// net.Conn interface value): copies share one socket, which is closed by
/// close() or when the last copy is destroyed. Safe for concurrent use: one
/// goroutine may read while another writes. Operations on a closed Conn
/// throw Error("... use of closed network connection"); a default-constructed
/// Conn is not connected and every operation on it throws Error.
/// Race detection: the bytes of a write() happen before the read() that
/// returns them in the peer Conn of the same process (see src/net/race_key.cpp).
class Conn {
 public:
  Conn() = default;

  /// Reads up to `n` bytes into `buf`, parking until at least one byte is
  /// available. Returns the number read; 0 means the peer closed its end
  /// (EOF). Throws Error (e.g. connection reset) on failure.
  size_t read(void* buf, size_t n);
  /// read(buf.data(), buf.size()).
  size_t read(std::span<char> buf) { return read(buf.data(), buf.size()); }
  /// read(buf.data(), buf.size()).
  size_t read(std::span<std::byte> buf) { return read(buf.data(), buf.size()); }
  /// Reads until EOF and returns everything read. On failure throws Error
  /// with what was read so far (Error::partial()).
  std::string read_all();

  /// Writes all `n` bytes of `data`, parking while the socket buffer is full.
  /// Returns n. Throws Error (e.g. broken pipe, a deadline) on failure, with
  /// the count of bytes sent before it (Error::transferred()).
  size_t write(const void* data, size_t n);
  /// Writes all bytes of `s` (a string literal writes its characters, not its NUL).
  size_t write(std::string_view s) { return write(s.data(), s.size()); }
  /// Writes all bytes of a contiguous range of char or std::byte (a vector,
  /// a span) that is not a string.
  template <class Bytes>
  requires(std::is_convertible_v<const Bytes&, std::span<const char>> &&
           !std::is_convertible_v<const Bytes&, std::string_view>) size_t
      write(const Bytes& bytes) {
    std::span<const char> s = bytes;
    return write(s.data(), s.size());
  }
  /// write(bytes.data(), bytes.size()).
  size_t write(std::span<const std::byte> bytes) { return write(bytes.data(), bytes.size()); }

  /// Closes the connection; blocked read()/write() calls on it throw Error.
  /// Closing an already closed Conn does nothing.
  void close();
  /// Shuts down the writing side: the peer reads EOF, reading stays possible
  /// (Go's TCPConn.CloseWrite).
  void close_write();

  /// Sets the read and the write deadline (Go's SetDeadline): once `t` has
  /// passed, read() and write() throw Error with timeout() true ("read tcp
  /// ...: i/o timeout"), including a call already waiting; a write may have
  /// sent part of its bytes. A later deadline extends it; Time{} removes it.
  /// On a closed Conn, throws Error ("set tcp ...: use of closed network
  /// connection", as Go's SetDeadline returns it).
  void set_deadline(Time t);
  /// The deadline of read() only (Go's SetReadDeadline).
  void set_read_deadline(Time t);
  /// The deadline of write() only (Go's SetWriteDeadline).
  void set_write_deadline(Time t);

  /// Local address, "127.0.0.1:port" (IPv6: "[::1]:port").
  std::string local_addr() const;
  /// The peer's address, "127.0.0.1:port" (IPv6: "[::1]:port").
  std::string remote_addr() const;
  /// Whether this handle refers to a connection (open or closed).
  explicit operator bool() const noexcept { return socket_.get() != nullptr; }

 private:
  friend class Listener;
  friend Conn dial(std::string_view, std::string_view);
  explicit Conn(std::shared_ptr<detail::Socket> socket) : socket_(std::move(socket)) {}
  detail::Socket& socket() const;
  gor::detail::RaceHandle<std::shared_ptr<detail::Socket>> socket_;
};

/// A listening TCP socket. A copyable handle with reference semantics,
/// closed by close() or when the last copy is destroyed.
class Listener {
 public:
  Listener() = default;

  /// Waits for (parks until) the next incoming connection and returns it.
  /// Throws Error, e.g. "accept tcp 127.0.0.1:4000: use of closed network
  /// connection" once the listener is closed (also for a goroutine already
  /// waiting in accept()).
  Conn accept();
  /// The deadline of accept() (Go's TCPListener.SetDeadline): once `t` has
  /// passed, accept() throws Error with timeout() true, including a call
  /// already waiting. Time{} removes it.
  void set_deadline(Time t);
  /// The address listened on, e.g. "127.0.0.1:41234" (the port chosen by
  /// the system when listening on port 0).
  std::string addr() const;
  /// Stops listening; pending and later accept() calls throw Error. Closing
  /// twice does nothing.
  void close();
  /// Whether this handle refers to a listener (open or closed).
  explicit operator bool() const noexcept { return socket_.get() != nullptr; }

 private:
  friend Listener listen(std::string_view, std::string_view);
  explicit Listener(std::shared_ptr<detail::Socket> socket) : socket_(std::move(socket)) {}
  detail::Socket& socket() const;
  gor::detail::RaceHandle<std::shared_ptr<detail::Socket>> socket_;
};

/// Listens on `address` ("host:port"; host may be an IPv4 address, an IPv6
/// address in brackets, a name such as "localhost", or empty for all
/// interfaces; port 0 picks a free port). `network` is "tcp", "tcp4" or
/// "tcp6". Throws Error, e.g. "listen tcp 127.0.0.1:80: bind: permission denied".
Listener listen(std::string_view network, std::string_view address);

/// Connects to `address` ("host:port", as for listen; an empty host means
/// the local system), parking while the connection is established. Tries
/// each address a host name resolves to. Throws Error, e.g.
/// "dial tcp 127.0.0.1:1: connect: connection refused".
Conn dial(std::string_view network, std::string_view address);

}  // namespace gor::net
