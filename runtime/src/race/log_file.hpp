// Where the Go-format text reports go (GORACE log_path): stderr (the
// default, or "stderr"), stdout ("stdout"), or the file `<log_path>.<pid>`,
// which, as Go's, is created with its missing directories at the first
// write, so that a race-free run leaves no file. A file that cannot be
// created is named on stderr and the reports go to stderr instead: none is
// lost.
#pragma once

#include <string>

namespace gor::detail::race {

/// Sets the destination from GORACE's log_path (empty: stderr). Called once
/// at start, before any write.
void log_configure(const std::string& log_path);
/// Writes `text` whole to the destination. Callers serialise (the engine's
/// report lock, or the exit path once reporting is closed).
void log_write(const std::string& text);

}  // namespace gor::detail::race
