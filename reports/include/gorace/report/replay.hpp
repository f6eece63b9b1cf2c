// The command that replays a deterministic run (`gorace replay ...`), as the
// text report, the HTML page and `gorace explore` print it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace gorace::report {

/// `word` as one word of a POSIX shell command: unchanged when it has only
/// characters no shell treats specially, else in single quotes.
std::string shell_quote(const std::string& word);

/// What replays a deterministic run.
struct Replay {
  uint64_t seed = 0;
  std::string strategy;              ///< "" leaves the replay's default (random)
  int pct_depth = 0;                 ///< with strategy "pct": given when > 0
  int64_t pct_steps = -1;            ///< with strategy "pct": given when >= 0
  std::vector<std::string> command;  ///< the program and its arguments
};

/// "gorace replay --seed N [--strategy S] [--pct-depth D] [--pct-steps K]
/// -- program args...", every word of the command shell-quoted.
std::string replay_command(const Replay& replay);

}  // namespace gorace::report
