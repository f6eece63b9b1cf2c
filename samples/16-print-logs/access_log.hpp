// What both print-logs programs share: reading the access log, parsing a
// line, splitting the work, and printing the report.
//
// A log line (common log format, with the user name):
//   10.0.0.10 - alice [26/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 8433
#pragma once

#include <gor/gor.hpp>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace access_log {

// One parsed request.
struct Request {
  std::string user;
  std::string endpoint;
  int status = 0;
};

// Parses one log line; nullopt if it is malformed.
inline std::optional<Request> parse(std::string_view line) {
  // ip - user [time] "METHOD endpoint PROTO" status bytes
  size_t dash = line.find(" - ");
  size_t open = line.find(" [");
  size_t quote = line.find('"');
  if (dash == line.npos || open == line.npos || quote == line.npos || open < dash) {
    return std::nullopt;
  }
  size_t method_end = line.find(' ', quote);
  size_t endpoint_end = line.find(' ', method_end + 1);
  size_t close_quote = line.find('"', quote + 1);
  if (method_end == line.npos || endpoint_end == line.npos || close_quote == line.npos) {
    return std::nullopt;
  }
  Request r;
  r.user = std::string(line.substr(dash + 3, open - dash - 3));
  r.endpoint = std::string(line.substr(method_end + 1, endpoint_end - method_end - 1));
  r.status = std::atoi(std::string(line.substr(close_quote + 2, 3)).c_str());
  return r;
}

// Reads the log's lines. File I/O blocks, so it runs through gor::blocking:
// the goroutine parks while a helper thread reads.
inline std::vector<std::string> read_lines(const std::string& path) {
  return gor::blocking([&] {
    std::vector<std::string> lines;
    std::ifstream in(path);
    if (!in) {
      std::fprintf(stderr,
                   "print-logs: cannot open %s (pass the log's path: the sample's is "
                   "samples/16-print-logs/access.log)\n",
                   path.c_str());
      std::exit(1);
    }
    for (std::string line; std::getline(in, line);) {
      if (!line.empty()) lines.push_back(line);
    }
    return lines;
  });
}

// The [begin, end) line range of part `part` of `parts` equal parts.
inline std::pair<size_t, size_t> part_range(size_t lines, int part, int parts) {
  return {lines * part / parts, lines * (part + 1) / parts};
}

// Prints the `top` largest counts, ties broken by name.
inline void print_top(const char* title, const std::map<std::string, int>& counts, size_t top) {
  std::vector<std::pair<std::string, int>> sorted(counts.begin(), counts.end());
  std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  std::printf("%s:\n", title);
  for (size_t i = 0; i < sorted.size() && i < top; ++i) {
    if (sorted[i].second > 0)
      std::printf("  %-14s %d\n", sorted[i].first.c_str(), sorted[i].second);
  }
}

// Prints the report: the most-hit endpoints and the active users.
inline void print_report(size_t lines, const std::map<std::string, int>& endpoint_hits,
                         const std::map<std::string, int>& user_hits) {
  int active = 0;
  for (const auto& [user, hits] : user_hits) active += hits > 0;
  std::printf("%zu requests, %d active users\n", lines, active);
  print_top("most-hit endpoints", endpoint_hits, 3);
  print_top("most active users", user_hits, 5);
}

}  // namespace access_log
