// The line of a failed run's standard error that says why it failed, as
// `gorace explore` quotes it.
#pragma once

#include <string>
#include <string_view>

namespace gorace::report {

/// From `stderr_text`, a gorace-instrumented program's standard error: its
/// first line starting with "panic:" or "fatal error:", else its last
/// non-empty line that is not gorace's own (a race report between its
/// "==================" rules, "Found N data race(s)", or a line starting
/// with "gorace: HTML report:", "gorace: deterministic run:" or "gorace:
/// cannot write the race report:"); "" when there is none.
std::string failure_line(std::string_view stderr_text);

}  // namespace gorace::report
