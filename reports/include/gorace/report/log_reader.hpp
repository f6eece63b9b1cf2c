// Reading JSON Lines race logs (reports/SCHEMA.md) into a ReportBuilder.
// Bad lines never stop a read: each is reported as "<file>:<line>: <what is
// wrong>" and skipped, so the rest of the log still renders.
#pragma once

#include <cstddef>
#include <functional>
#include <stdexcept>
#include <string>

#include "gorace/report/report.hpp"

namespace gorace::report {

/// A log that cannot be read at all (missing, unreadable, a directory).
class LogError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Callbacks of read_log().
struct ReadOptions {
  /// Receives one "<file>:<line>: <what is wrong>" message per skipped line.
  std::function<void(const std::string&)> warn;
  /// Called every 4096 lines with the number of lines read so far in this file.
  std::function<void(size_t)> progress;
};

/// What read_log() found in one file.
struct ReadStats {
  size_t lines = 0;    ///< lines in the file
  size_t runs = 0;     ///< run records accepted
  size_t races = 0;    ///< race records accepted
  size_t skipped = 0;  ///< lines reported and skipped
};

/// Adds the runs and races of the log at `path` ("-": standard input) to
/// `builder`. A race record
/// belongs to the run record before it; races before any run record get a
/// run named after the file (and a warning). Throws LogError when the file
/// cannot be opened or read.
ReadStats read_log(const std::string& path, ReportBuilder& builder,
                   const ReadOptions& options = {});

}  // namespace gorace::report
