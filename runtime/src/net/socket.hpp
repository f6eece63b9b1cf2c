// Socket: one non-blocking TCP socket registered with the netpoller, shared
// by the Conn or Listener handles that refer to it.
#pragma once

#include <sys/socket.h>

#include <atomic>
#include <cstdint>
#include <string>

#include "gor/detail/sema.hpp"
#include "gor/net.hpp"

namespace gor::net::detail {

class Socket {
 public:
  /// Takes ownership of the non-blocking descriptor `fd` and registers it
  /// with the netpoller. `local`/`remote` are the printed addresses used in
  /// error texts (`remote` empty for a listener).
  Socket(int fd, std::string network, std::string local, std::string remote);
  /// Closes the socket if close() was not called.
  ~Socket();
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;

  /// Connects to `addr`, parking until the connection is established.
  /// Returns 0 or the errno of the failure (the caller words the error).
  int connect(const sockaddr* addr, socklen_t length);
  /// Fills in the local and remote addresses of a connected socket (after
  /// connect), and the race keys when race detection is on.
  void connected();

  /// Waits for and returns the next connection (a listening socket).
  std::shared_ptr<Socket> accept();
  /// read(2) with parking; 0 at EOF.
  size_t read(void* buf, size_t n);
  /// Writes all n bytes, parking while the send buffer is full.
  size_t write(const void* data, size_t n);
  /// Closes the socket: operations in progress and later ones throw the
  /// "use of closed network connection" error. Idempotent.
  void close();
  /// shutdown(SHUT_WR).
  void close_write();
  /// Sets the deadline of reads (and accept) and/or writes to `t` (Time{}:
  /// none); operations waiting now re-check it. Throws the "set" closed
  /// error on a closed socket.
  void set_deadline(Time t, bool read, bool write);

  const std::string& local() const { return local_; }
  const std::string& remote() const { return remote_; }

 private:
  friend class OpRef;

  // Takes a reference for one operation; false once closing.
  bool begin_op();
  // Drops one reference; the last one closes the descriptor.
  void end_op();
  // Parks until fd_ may be ready (or polls, on a thread without goroutine);
  // throws the "i/o timeout" error of `op` once the direction's deadline
  // has passed.
  void wait(bool for_write, std::string_view op);
  // Throws the "i/o timeout" error of `op` if the direction's deadline has
  // passed (checked before each operation, as Go's).
  void check_deadline(bool for_write, std::string_view op) const;
  Error timeout_error(std::string_view op) const;
  Error closed_error(std::string_view op) const;
  Error failure(std::string_view op, std::string_view syscall, int err) const;

  // Invariants: refs_ is 1 (the open reference, dropped by close()) plus one
  // per operation in flight; the descriptor is unregistered and closed when
  // refs_ reaches 0, so its number is never reused under a running
  // operation; refs_ never rises from 0 again. Once closing_ is set no operation starts, and
  // shutdown(2) has made every pending one return (the kernel reports the socket readable and
  // writable, which wakes goroutines parked on it).
  const int fd_;
  const std::string network_;
  std::string local_;
  std::string remote_;
  const void* write_key_ = nullptr;  // race keys (connected sockets, race on)
  const void* read_key_ = nullptr;
  // Deadlines of reads (and accept) and writes: nanotime() values, 0 none.
  std::atomic<int64_t> deadline_[2] = {0, 0};
  std::atomic<uint32_t> refs_{1};
  std::atomic<bool> closing_{false};
  // One reader (read/accept) and one writer (write/connect) at a time, as
  // Go's fdMutex: the netpoller has one waiter slot per direction, and a
  // write's bytes must not interleave with another write's. Binary
  // semaphores rather than Mutexes: they give the race detector no edges
  // and no accesses (the Socket is freed by whichever handle goes last).
  gor::detail::Sema read_gate_{1};
  gor::detail::Sema write_gate_{1};
};

}  // namespace gor::net::detail
