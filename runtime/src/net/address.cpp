// Address parsing, resolution and error text (see net/address.hpp).
#include "net/address.hpp"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>

#include <charconv>
#include <cstring>

#include "gor/blocking.hpp"

namespace gor::net::detail {
namespace {

struct HostPort {
  std::string host;
  uint16_t port = 0;
};

[[noreturn]] void address_error(std::string_view op, std::string_view network,
                                std::string_view address, std::string_view problem) {
  std::string detail = "address ";
  detail += address;
  detail += ": ";
  detail += problem;
  throw op_error(op, network, "", "", detail, 0);
}

// Splits "host:port", "[v6host]:port" or ":port" as Go's net.SplitHostPort.
HostPort split_host_port(std::string_view op, std::string_view network, std::string_view address) {
  const size_t colon = address.rfind(':');
  if (colon == std::string_view::npos)
    address_error(op, network, address, "missing port in address");
  std::string_view host = address.substr(0, colon);
  const std::string_view port = address.substr(colon + 1);
  if (!host.empty() && host.front() == '[') {
    if (host.back() != ']') address_error(op, network, address, "missing ']' in address");
    host = host.substr(1, host.size() - 2);
  } else if (host.find(':') != std::string_view::npos) {
    address_error(op, network, address, "too many colons in address");
  } else if (host.find_first_of("[]") != std::string_view::npos) {
    address_error(op, network, address, "unexpected '[' or ']' in address");
  }
  HostPort result{std::string(host), 0};
  unsigned value = 0;
  const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
  if (port.empty() || ec == std::errc::invalid_argument || end != port.data() + port.size()) {
    std::string detail = "lookup ";
    detail += network;
    detail += "/";
    detail += port;
    detail += ": unknown port";
    throw op_error(op, network, "", "", detail, 0);
  }
  if (ec == std::errc::result_out_of_range || value > 65535) {
    address_error(op, network, port, "invalid port");  // Go names the port alone
  }
  result.port = static_cast<uint16_t>(value);
  return result;
}

Endpoint v4_endpoint(in_addr ip, uint16_t port) {
  Endpoint e;
  auto* sin = reinterpret_cast<sockaddr_in*>(&e.storage);
  sin->sin_family = AF_INET;
  sin->sin_addr = ip;
  sin->sin_port = htons(port);
  e.length = sizeof(sockaddr_in);
  return e;
}

Endpoint v6_endpoint(const in6_addr& ip, uint16_t port) {
  Endpoint e;
  auto* sin6 = reinterpret_cast<sockaddr_in6*>(&e.storage);
  sin6->sin6_family = AF_INET6;
  sin6->sin6_addr = ip;
  sin6->sin6_port = htons(port);
  e.length = sizeof(sockaddr_in6);
  return e;
}

bool allows(Family family, int af) {
  return family == Family::kAny || (family == Family::kV4 ? af == AF_INET : af == AF_INET6);
}

// Resolves a host name with getaddrinfo (which may block on DNS).
std::vector<Endpoint> lookup(std::string_view op, std::string_view network, const HostPort& hp,
                             Family family) {
  addrinfo hints{};
  hints.ai_family = family == Family::kV4 ? AF_INET : family == Family::kV6 ? AF_INET6 : AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* list = nullptr;
  const int rc =
      gor::blocking([&] { return getaddrinfo(hp.host.c_str(), nullptr, &hints, &list); });
  if (rc != 0) {
    std::string detail = "lookup " + hp.host + ": ";
    detail += (rc == EAI_NONAME || rc == EAI_NODATA || rc == EAI_FAIL) ? "no such host"
                                                                       : gai_strerror(rc);
    throw op_error(op, network, "", "", detail, 0);
  }
  // IPv4 addresses first, each family in the resolver's order.
  std::vector<Endpoint> found, found_v6;
  for (addrinfo* ai = list; ai != nullptr; ai = ai->ai_next) {
    if (ai->ai_family == AF_INET && allows(family, AF_INET)) {
      found.push_back(v4_endpoint(reinterpret_cast<sockaddr_in*>(ai->ai_addr)->sin_addr, hp.port));
    } else if (ai->ai_family == AF_INET6 && allows(family, AF_INET6)) {
      found_v6.push_back(
          v6_endpoint(reinterpret_cast<sockaddr_in6*>(ai->ai_addr)->sin6_addr, hp.port));
    }
  }
  freeaddrinfo(list);
  found.insert(found.end(), found_v6.begin(), found_v6.end());
  return found;
}

}  // namespace

Family family_of(std::string_view op, std::string_view network) {
  if (network == "tcp") return Family::kAny;
  if (network == "tcp4") return Family::kV4;
  if (network == "tcp6") return Family::kV6;
  std::string detail;
  if (network == "udp" || network == "udp4" || network == "udp6" || network == "unix" ||
      network == "unixgram" || network == "unixpacket" || network.starts_with("ip")) {
    detail = "unsupported network ";
    detail += network;
    detail += " (gor::net supports tcp, tcp4 and tcp6)";
  } else {
    detail = "unknown network ";
    detail += network;
  }
  throw op_error(op, network, "", "", detail, 0);
}

std::vector<Endpoint> resolve(std::string_view op, std::string_view network,
                              std::string_view address, Family family, bool passive) {
  HostPort hp = split_host_port(op, network, address);
  std::vector<Endpoint> endpoints;
  in_addr ip4;
  in6_addr ip6;
  if (hp.host.empty()) {
    if (passive) {
      // All interfaces; IPv6 first: a dual-stack socket also accepts IPv4.
      ip4.s_addr = htonl(INADDR_ANY);
      if (family != Family::kV4) endpoints.push_back(v6_endpoint(in6addr_any, hp.port));
      if (family != Family::kV6) endpoints.push_back(v4_endpoint(ip4, hp.port));
    } else {
      ip4.s_addr = htonl(INADDR_LOOPBACK);
      if (family != Family::kV6) endpoints.push_back(v4_endpoint(ip4, hp.port));
      if (family != Family::kV4) endpoints.push_back(v6_endpoint(in6addr_loopback, hp.port));
    }
  } else if (inet_pton(AF_INET, hp.host.c_str(), &ip4) == 1) {
    endpoints.push_back(v4_endpoint(ip4, hp.port));
  } else if (inet_pton(AF_INET6, hp.host.c_str(), &ip6) == 1) {
    endpoints.push_back(v6_endpoint(ip6, hp.port));
  } else {
    endpoints = lookup(op, network, hp, family);
  }
  std::erase_if(endpoints, [&](const Endpoint& e) { return !allows(family, e.family()); });
  if (endpoints.empty()) {
    throw op_error(op, network, "", "", "address " + hp.host + ": no suitable address found", 0);
  }
  return endpoints;
}

std::string format_endpoint(const sockaddr* addr) {
  char text[INET6_ADDRSTRLEN] = {};
  if (addr->sa_family == AF_INET) {
    const auto* sin = reinterpret_cast<const sockaddr_in*>(addr);
    inet_ntop(AF_INET, &sin->sin_addr, text, sizeof text);
    return std::string(text) + ":" + std::to_string(ntohs(sin->sin_port));
  }
  if (addr->sa_family == AF_INET6) {
    const auto* sin6 = reinterpret_cast<const sockaddr_in6*>(addr);
    const std::string port = std::to_string(ntohs(sin6->sin6_port));
    if (IN6_IS_ADDR_V4MAPPED(&sin6->sin6_addr)) {
      inet_ntop(AF_INET, &sin6->sin6_addr.s6_addr[12], text, sizeof text);
      return std::string(text) + ":" + port;
    }
    inet_ntop(AF_INET6, &sin6->sin6_addr, text, sizeof text);
    return "[" + std::string(text) + "]:" + port;
  }
  return "?";
}

uint16_t port_of(const sockaddr* addr) {
  if (addr->sa_family == AF_INET)
    return ntohs(reinterpret_cast<const sockaddr_in*>(addr)->sin_port);
  if (addr->sa_family == AF_INET6) {
    return ntohs(reinterpret_cast<const sockaddr_in6*>(addr)->sin6_port);
  }
  return 0;
}

Error op_error(std::string_view op, std::string_view network, std::string_view source,
               std::string_view addr, std::string_view detail, int code, bool timeout) {
  std::string text(op);
  if (!network.empty()) (text += ' ') += network;
  if (!source.empty()) (text += ' ') += source;
  if (!addr.empty()) (text += source.empty() ? " " : "->") += addr;
  (text += ": ") += detail;
  return Error(text, code, timeout);
}

std::string syscall_text(std::string_view syscall, int err) {
  char buf[128];
  std::string message = strerror_r(err, buf, sizeof buf);
  // Go's errno texts are lower case ("connection refused").
  if (!message.empty() && message[0] >= 'A' && message[0] <= 'Z' &&
      !(message.size() > 1 && message[1] >= 'A' && message[1] <= 'Z')) {
    message[0] = static_cast<char>(message[0] - 'A' + 'a');
  }
  std::string text(syscall);
  return text + ": " + message;
}

}  // namespace gor::net::detail
