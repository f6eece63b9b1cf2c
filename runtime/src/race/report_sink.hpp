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
/// Races reported so far in this process.
uint64_t reports_so_far();
/// Before the runtime ends the process itself (an unrecovered panic, a
/// fatal error, a deadlock): prints "Found N data race(s)" and writes the
/// HTML report and the final log, as a normal exit would. Nothing when no
/// race was found or detection is off. Not async-signal-safe.
void finish_reports();

}  // namespace gor::detail::race
