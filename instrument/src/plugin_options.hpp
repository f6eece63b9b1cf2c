// The plugin's options: what -fplugin-arg-gorace-<name>[=<value>] selects,
// plus what the frontend learns about the compilation (system header dirs).
#ifndef GORACE_INSTRUMENT_PLUGIN_OPTIONS_HPP_
#define GORACE_INSTRUMENT_PLUGIN_OPTIONS_HPP_

#include <string>
#include <vector>

namespace gorace::instrument {

// Options of one compilation. Plain data, copied into the pass.
struct PluginOptions {
  // -fplugin-arg-gorace-verbose: print a one-line summary per module on stderr.
  bool verbose = false;
  // -fplugin-arg-gorace-ignore=<regex>: functions whose readable name
  // (e.g. "Account::deposit", "main.func1") matches are not instrumented.
  std::string ignore_regex;
  // -fplugin-arg-gorace-no-loop-checks: check every access of a loop where
  // it runs instead of a loop's dense accesses once before it
  // (loop_ranges.hpp).
  bool loop_checks = true;
  // Directories of system headers (libstdc++, libc, clang's resource dir).
  // Their frames are transparent when deciding whether an access belongs to
  // the gorace runtime's headers (see source_filter.hpp).
  std::vector<std::string> system_header_dirs;
};

// Parses the arguments given as -fplugin-arg-gorace-<arg>. Returns an empty
// string on success, otherwise a message naming the offending argument.
std::string parse_plugin_args(const std::vector<std::string>& args, PluginOptions& out);

// The accepted arguments, for error messages and documentation.
inline constexpr const char* kPluginArgsHelp =
    "accepted: -fplugin-arg-gorace-verbose, -fplugin-arg-gorace-ignore=<regex>, "
    "-fplugin-arg-gorace-no-loop-checks";

}  // namespace gorace::instrument

#endif  // GORACE_INSTRUMENT_PLUGIN_OPTIONS_HPP_
