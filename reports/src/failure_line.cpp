// failure_line: what `gorace explore` quotes of a failed run.
#include "gorace/report/failure_line.hpp"

#include <algorithm>
#include <vector>

namespace gorace::report {
namespace {

constexpr std::string_view kRule = "==================";

/// Whether `line`, outside a race report, is one gorace prints after the
/// reports.
bool is_trailer(std::string_view line) {
  for (std::string_view prefix : {"gorace: HTML report:", "gorace: deterministic run:",
                                  "gorace: cannot write the race report:"})
    if (line.starts_with(prefix)) return true;
  return line.starts_with("Found ") && line.ends_with(" data race(s)");
}

/// The lines of `text` that the program printed: without the race reports
/// and gorace's trailer lines.
std::vector<std::string_view> program_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  bool in_report = false;
  while (!text.empty()) {
    const size_t end = std::min(text.find('\n'), text.size());
    const std::string_view line = text.substr(0, end);
    text.remove_prefix(std::min(end + 1, text.size()));
    if (line == kRule) {
      in_report = !in_report;
    } else if (!in_report && !line.empty() && !is_trailer(line)) {
      lines.push_back(line);
    }
  }
  return lines;
}

}  // namespace

std::string failure_line(std::string_view stderr_text) {
  const std::vector<std::string_view> lines = program_lines(stderr_text);
  for (std::string_view line : lines)
    if (line.starts_with("panic:") || line.starts_with("fatal error:")) return std::string(line);
  return lines.empty() ? "" : std::string(lines.back());
}

}  // namespace gorace::report
