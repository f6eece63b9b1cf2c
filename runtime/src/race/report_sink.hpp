// Where races go: Go-format text on stderr (or GORACE log_path), the run's
// JSON Lines log + HTML report (GORACE report_dir), the report counter, and
// the exit protocol ("Found N data race(s)", status 66, the HTML path as the
// last stderr line).
#pragma once

#include <cstdint>

namespace gor::detail::race {

/// Prepares the sinks and registers the exit handler. Called once, when
/// detection is enabled (options are parsed).
void start_report_sink();
/// The status a process ending with `status` exits with: after races (the
/// summary printed, the HTML report written, as at a normal exit), the
/// race exit code in place of 0. `status` itself when detection is off, no
/// race was found, or in a vfork child. Not async-signal-safe once races
/// were found.
int exit_status_after_races(int status);
/// Races reported so far in this process.
uint64_t reports_so_far();
/// Before the runtime ends the process itself (an unrecovered panic, a
/// fatal error, a deadlock): prints "Found N data race(s)" and writes the
/// HTML report and the final log, as a normal exit would. Nothing when no
/// race was found or detection is off. Not async-signal-safe.
void finish_reports();

}  // namespace gor::detail::race
