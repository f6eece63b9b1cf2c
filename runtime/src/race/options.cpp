#include "options.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <string_view>
#include <vector>

namespace gor::detail::race {
namespace {

bool parse_int(std::string_view v, long long lo, long long hi, long long& out) {
  std::string s(v);
  if (s.empty()) return false;
  char* end = nullptr;
  errno = 0;
  long long n = std::strtoll(s.c_str(), &end, 10);
  if (errno != 0 || *end != '\0' || n < lo || n > hi) return false;
  out = n;
  return true;
}

// As TSan's flag parser: 1, true or yes; 0, false or no.
bool parse_bool(std::string_view v, bool& out) {
  if (v == "1" || v == "true" || v == "yes") {
    out = true;
    return true;
  }
  if (v == "0" || v == "false" || v == "no") {
    out = false;
    return true;
  }
  return false;
}

std::string bad_value(std::string_view key, std::string_view value, const char* want) {
  return "bad GORACE value for " + std::string(key) + ": \"" + std::string(value) + "\" (want " +
         want + ")";
}

constexpr const char* kBoolValues = "0, 1, false, true, no or yes";

/// The options GORACE accepts, in the order the README lists them.
constexpr std::string_view kOptionNames[] = {"log_path",       "exitcode",
                                             "halt_on_error",  "strip_path_prefix",
                                             "history_size",   "suppress_equal_stacks",
                                             "suppressions",   "report_dir",
                                             "reports",        "seed",
                                             "strategy",       "pct_depth",
                                             "atexit_sleep_ms"};

/// Levenshtein distance between a and b (short option names).
size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); j++) row[j] = j;
  for (size_t i = 1; i <= a.size(); i++) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); j++) {
      const size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

/// The message for unknown option `key`: the option it most likely
/// misspells (two edits at most), else the list of options.
std::string unknown_option(std::string_view key) {
  std::string_view nearest;
  size_t best = 3;
  for (std::string_view name : kOptionNames) {
    const size_t d = edit_distance(key, name);
    if (d < best) best = d, nearest = name;
  }
  std::string message = "unknown GORACE option \"" + std::string(key) + "\"";
  if (!nearest.empty()) return message + " (did you mean " + std::string(nearest) + "?)";
  message += " (options:";
  for (std::string_view name : kOptionNames) message += " " + std::string(name);
  return message + ")";
}

}  // namespace

bool parse_options(const char* text, Options& out, std::string& error) {
  if (text == nullptr) return true;
  // As TSan's flag parser (which reads Go's GORACE): options are separated
  // by spaces, tabs, newlines, commas or colons; a value may be quoted ('...'
  // or "...") to hold any of them.
  constexpr std::string_view kSeparators = " \t\n\r,:";
  std::string_view rest(text);
  while (!rest.empty()) {
    size_t start = rest.find_first_not_of(kSeparators);
    if (start == std::string_view::npos) break;
    rest.remove_prefix(start);
    size_t eq = rest.substr(0, rest.find_first_of(kSeparators)).find('=');
    if (eq == std::string_view::npos) {
      error = "malformed GORACE option \"" +
              std::string(rest.substr(0, rest.find_first_of(kSeparators))) + "\" (want key=value)";
      return false;
    }
    std::string_view key = rest.substr(0, eq);
    rest.remove_prefix(eq + 1);
    std::string_view value;
    if (!rest.empty() && (rest.front() == '"' || rest.front() == '\'')) {
      size_t close = rest.find(rest.front(), 1);
      if (close == std::string_view::npos) {
        error = "unterminated quoted GORACE value for " + std::string(key);
        return false;
      }
      value = rest.substr(1, close - 1);
      rest.remove_prefix(close + 1);
    } else {
      size_t stop = rest.find_first_of(kSeparators);
      value = rest.substr(0, stop);
      rest = stop == std::string_view::npos ? std::string_view() : rest.substr(stop);
    }
    long long n = 0;
    if (key == "log_path") {
      out.log_path = value;
    } else if (key == "exitcode") {
      if (!parse_int(value, 0, 255, n))
        return error = bad_value(key, value, "an integer in 0..255"), false;
      out.exitcode = static_cast<int>(n);
    } else if (key == "halt_on_error") {
      if (!parse_bool(value, out.halt_on_error))
        return error = bad_value(key, value, kBoolValues), false;
    } else if (key == "strip_path_prefix") {
      out.strip_path_prefix = value;
    } else if (key == "history_size") {
      if (!parse_int(value, 0, 7, n))
        return error = bad_value(key, value, "an integer in 0..7"), false;
      out.history_size = static_cast<int>(n);
    } else if (key == "suppress_equal_stacks") {
      if (!parse_bool(value, out.suppress_equal_stacks))
        return error = bad_value(key, value, kBoolValues), false;
    } else if (key == "suppressions") {
      out.suppressions = value;
    } else if (key == "report_dir") {
      out.report_dir = value;
    } else if (key == "reports") {
      if (!parse_bool(value, out.reports)) return error = bad_value(key, value, kBoolValues), false;
    } else if (key == "seed") {
      if (!parse_int(value, 0, INT64_MAX, n))
        return error = bad_value(key, value, "a decimal integer from 0 to 9223372036854775807"),
               false;
      out.seed = static_cast<uint64_t>(n);
    } else if (key == "strategy") {
      if (value != "random" && value != "pct")
        return error = bad_value(key, value, "random or pct"), false;
      out.strategy = value;
      out.schedule_given = true;
    } else if (key == "pct_depth") {
      out.schedule_given = true;
      if (!parse_int(value, 1, 1000, n))
        return error = bad_value(key, value, "an integer in 1..1000"), false;
      out.pct_depth = static_cast<int>(n);
    } else if (key == "atexit_sleep_ms") {
      // Go's: accepted (so Go users' GORACE strings work) and ignored, as
      // every report is printed before its goroutine goes on.
      if (!parse_int(value, 0, 1000000, n))
        return error = bad_value(key, value, "an integer in 0..1000000"), false;
    } else {
      error = unknown_option(key);
      return false;
    }
  }
  return true;
}

}  // namespace gor::detail::race
