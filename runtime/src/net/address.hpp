// Network names, "host:port" parsing, name resolution and Go-style error
// text for gor::net.
#pragma once

#include <sys/socket.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "gor/net.hpp"

namespace gor::net::detail {

/// Which address families a network name allows.
enum class Family : uint8_t { kAny, kV4, kV6 };

/// A socket address of either family.
struct Endpoint {
  sockaddr_storage storage{};
  socklen_t length = 0;
  const sockaddr* addr() const { return reinterpret_cast<const sockaddr*>(&storage); }
  int family() const { return storage.ss_family; }
};

/// The families allowed by "tcp", "tcp4" or "tcp6"; throws Error
/// ("<op> <network>: unknown network <network>") for any other name.
Family family_of(std::string_view op, std::string_view network);

/// The endpoints for `address` ("host:port") in the order to try them
/// (IPv4 first). An empty host means all interfaces when `passive` (listen),
/// else the local system. Host names are resolved on a blocking() helper.
/// Throws Error for a malformed address or a failed lookup.
std::vector<Endpoint> resolve(std::string_view op, std::string_view network,
                              std::string_view address, Family family, bool passive);

/// "127.0.0.1:80" or "[::1]:80" (an IPv4-mapped IPv6 address prints as IPv4).
std::string format_endpoint(const sockaddr* addr);
/// The port of an IPv4 or IPv6 socket address.
uint16_t port_of(const sockaddr* addr);

/// Go's net.OpError text: "<op> <network> [<source>->]<addr>: <detail>",
/// leaving out empty parts; `timeout`: a deadline passed (Error::timeout()).
Error op_error(std::string_view op, std::string_view network, std::string_view source,
               std::string_view addr, std::string_view detail, int code, bool timeout = false);
/// Go's os.SyscallError text: "<syscall>: <errno text>" ("connect: connection refused").
std::string syscall_text(std::string_view syscall, int err);

}  // namespace gor::net::detail
