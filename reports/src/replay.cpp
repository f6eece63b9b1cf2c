#include "gorace/report/replay.hpp"

namespace gorace::report {

std::string shell_quote(const std::string& word) {
  constexpr const char* kPlain =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-+./=:,@%";
  if (!word.empty() && word.find_first_not_of(kPlain) == std::string::npos) return word;
  std::string out = "'";
  for (char c : word) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string replay_command(const Replay& replay) {
  std::string cmd = "gorace replay --seed " + std::to_string(replay.seed);
  if (!replay.strategy.empty()) cmd += " --strategy " + shell_quote(replay.strategy);
  if (replay.strategy == "pct") {
    if (replay.pct_depth > 0) cmd += " --pct-depth " + std::to_string(replay.pct_depth);
    if (replay.pct_steps >= 0) cmd += " --pct-steps " + std::to_string(replay.pct_steps);
  }
  cmd += " --";
  for (const std::string& word : replay.command) cmd += " " + shell_quote(word);
  return cmd;
}

}  // namespace gorace::report
