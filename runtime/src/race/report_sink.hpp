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

}  // namespace gor::detail::race
