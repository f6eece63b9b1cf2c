// The web-crawler lesson's test bed: a tiny web site served over loopback by
// the sample itself (one goroutine per connection, gor::net), and fetch(),
// the crawler's HTTP client. The site is the Go Tour's fake one:
//
//   /           "The Go Programming Language"  links /pkg/ /cmd/
//   /pkg/       "Packages"                     links / /cmd/ /pkg/fmt/ /pkg/os/
//   /pkg/fmt/   "Package fmt"                  links / /pkg/
//   /pkg/os/    "Package os"                   links / /pkg/
//   /cmd/       404 not found
//
// The protocol is a small subset of HTTP/1.0: one request per connection,
// the server closes the connection after the response.
#pragma once

#include <gor/gor.hpp>

#include <map>
#include <string>
#include <vector>

namespace site {

// A page of the site.
struct Page {
  std::string title;
  std::vector<std::string> links;
};

// The site's pages, by path.
inline const std::map<std::string, Page>& pages() {
  static const std::map<std::string, Page> kPages = {
      {"/", {"The Go Programming Language", {"/pkg/", "/cmd/"}}},
      {"/pkg/", {"Packages", {"/", "/cmd/", "/pkg/fmt/", "/pkg/os/"}}},
      {"/pkg/fmt/", {"Package fmt", {"/", "/pkg/"}}},
      {"/pkg/os/", {"Package os", {"/", "/pkg/"}}},
  };
  return kPages;
}

// Reads everything until the peer closes the connection, or until `stop`
// has been read when it is not empty.
inline std::string read_until(gor::net::Conn& conn, const std::string& stop) {
  std::string data;
  char buf[512];
  for (;;) {
    size_t n = conn.read(buf, sizeof buf);
    if (n == 0) return data;
    data.append(buf, n);
    if (!stop.empty() && data.find(stop) != std::string::npos) return data;
  }
}

// Answers one request on conn, then closes it.
inline void serve_one(gor::net::Conn conn) {
  std::string request = read_until(conn, "\r\n\r\n");  // "GET /path HTTP/1.0\r\n..."
  size_t start = request.find(' ') + 1;
  std::string path = request.substr(start, request.find(' ', start) - start);
  std::string response;
  auto it = pages().find(path);
  if (it == pages().end()) {
    response = "HTTP/1.0 404 Not Found\r\n\r\nnot found: " + path + "\n";
  } else {
    response = "HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n<html><head><title>" +
               it->second.title + "</title></head><body>\n";
    for (const std::string& link : it->second.links) {
      response += "<a href=\"" + link + "\">" + link + "</a>\n";
    }
    response += "</body></html>\n";
  }
  conn.write(response.data(), response.size());
  conn.close();
}

// Starts serving the site on a free loopback port; returns the listener
// (close it to stop serving) and its address is listener.addr().
inline gor::net::Listener start_server() {
  gor::net::Listener ln = gor::net::listen("tcp", "127.0.0.1:0");
  gor::go([ln]() mutable {
    for (;;) {
      gor::net::Conn conn;
      try {
        conn = ln.accept();
      } catch (const gor::net::Error&) {
        return;  // the listener was closed
      }
      gor::go(serve_one, conn);
    }
  });
  return ln;
}

// What fetching a URL gave.
struct Fetched {
  bool found = false;
  std::string title;
  std::vector<std::string> links;
};

// Fetches path from the server at addr ("host:port") and extracts the
// page's title and links.
inline Fetched fetch(const std::string& addr, const std::string& path) {
  gor::net::Conn conn = gor::net::dial("tcp", addr);
  std::string request = "GET " + path + " HTTP/1.0\r\nHost: " + addr + "\r\n\r\n";
  conn.write(request.data(), request.size());
  std::string response = read_until(conn, "");
  conn.close();

  Fetched page;
  page.found = response.rfind("HTTP/1.0 200", 0) == 0;
  if (!page.found) return page;
  size_t t0 = response.find("<title>"), t1 = response.find("</title>");
  if (t0 != std::string::npos && t1 != std::string::npos) {
    page.title = response.substr(t0 + 7, t1 - t0 - 7);
  }
  for (size_t at = response.find("href=\""); at != std::string::npos;
       at = response.find("href=\"", at)) {
    at += 6;
    page.links.push_back(response.substr(at, response.find('"', at) - at));
  }
  return page;
}

}  // namespace site
