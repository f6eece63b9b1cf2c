// gor::net's public entry points: listen, dial, and the Conn/Listener
// handles over a shared Socket (see gor/net.hpp).
#include "gor/net.hpp"

#include <netinet/in.h>
#include <unistd.h>

#include <cerrno>
#include <optional>

#include "detail/runtime_shared.hpp"
#include "net/address.hpp"
#include "net/socket.hpp"

namespace gor::net {
namespace {

constexpr int kBacklog = 4096;  // the kernel caps it at net.core.somaxconn

[[noreturn]] void throw_unconnected(std::string_view what) {
  throw Error("gor::net: " + std::string(what) + " on a default-constructed handle (not connected)",
              0);
}

int open_socket(int family) {
  return ::socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
}

}  // namespace

detail::Socket& Conn::socket() const {
  const std::shared_ptr<detail::Socket>& socket = socket_.get();
  if (socket == nullptr) throw_unconnected("Conn");
  return *socket;
}

size_t Conn::read(void* buf, size_t n) {
  return socket().read(buf, n);
}

std::string Conn::read_all() {
  std::string all;
  char chunk[16384];
  try {
    while (size_t got = read(chunk, sizeof chunk)) all.append(chunk, got);
  } catch (Error& e) {
    e.transferred_ = all.size();
    e.partial_ = std::move(all);
    throw;
  }
  return all;
}

size_t Conn::write(const void* data, size_t n) {
  return socket().write(data, n);
}
void Conn::close() {
  socket().close();
}
void Conn::close_write() {
  socket().close_write();
}
void Conn::set_deadline(Time t) {
  socket().set_deadline(t, /*read=*/true, /*write=*/true);
}
void Conn::set_read_deadline(Time t) {
  socket().set_deadline(t, /*read=*/true, /*write=*/false);
}
void Conn::set_write_deadline(Time t) {
  socket().set_deadline(t, /*read=*/false, /*write=*/true);
}
std::string Conn::local_addr() const {
  return socket().local();
}
std::string Conn::remote_addr() const {
  return socket().remote();
}

detail::Socket& Listener::socket() const {
  const std::shared_ptr<detail::Socket>& socket = socket_.get();
  if (socket == nullptr) throw_unconnected("Listener");
  return *socket;
}

Conn Listener::accept() {
  return Conn(socket().accept());
}
void Listener::set_deadline(Time t) {
  socket().set_deadline(t, /*read=*/true, /*write=*/false);
}
std::string Listener::addr() const {
  return socket().local();
}
void Listener::close() {
  socket().close();
}

Listener listen(std::string_view network, std::string_view address) {
  const detail::Family family = detail::family_of("listen", network);
  std::optional<Error> first_error;
  for (const detail::Endpoint& e : detail::resolve("listen", network, address, family, true)) {
    const std::string where = detail::format_endpoint(e.addr());
    auto fail = [&](std::string_view syscall, int err, int fd) {
      if (fd >= 0) ::close(fd);
      if (!first_error) {
        first_error =
            detail::op_error("listen", network, "", where, detail::syscall_text(syscall, err), err);
      }
    };
    const int fd = open_socket(e.family());
    if (fd < 0) {
      fail("socket", errno, -1);
      continue;
    }
    const int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (e.family() == AF_INET6) {
      // "tcp" on the IPv6 wildcard is dual stack (also accepts IPv4), as Go.
      const int v6_only = family == detail::Family::kV6 ? 1 : 0;
      ::setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &v6_only, sizeof v6_only);
    }
    if (::bind(fd, e.addr(), e.length) != 0) {
      fail("bind", errno, fd);
      continue;
    }
    if (::listen(fd, kBacklog) != 0) {
      fail("listen", errno, fd);
      continue;
    }
    sockaddr_storage bound;
    socklen_t bound_len = sizeof bound;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&bound), &bound_len);
    return Listener(gor::detail::make_runtime_shared<detail::Socket>(
        fd, std::string(network), detail::format_endpoint(reinterpret_cast<sockaddr*>(&bound)),
        ""));
  }
  throw *first_error;
}

Conn dial(std::string_view network, std::string_view address) {
  const detail::Family family = detail::family_of("dial", network);
  std::optional<Error> first_error;
  for (const detail::Endpoint& e : detail::resolve("dial", network, address, family, false)) {
    const std::string where = detail::format_endpoint(e.addr());
    const int fd = open_socket(e.family());
    int err;
    if (fd < 0) {
      err = errno;
      if (!first_error) {
        first_error =
            detail::op_error("dial", network, "", where, detail::syscall_text("socket", err), err);
      }
      continue;
    }
    auto socket =
        gor::detail::make_runtime_shared<detail::Socket>(fd, std::string(network), "", "");
    err = socket->connect(e.addr(), e.length);
    if (err == 0) {
      socket->connected();
      return Conn(std::move(socket));
    }
    if (!first_error) {
      first_error =
          detail::op_error("dial", network, "", where, detail::syscall_text("connect", err), err);
    }
  }
  throw *first_error;
}

}  // namespace gor::net
