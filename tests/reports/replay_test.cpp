// The replay command of a deterministic run (replay.hpp), shared by the text
// report, the HTML page and gorace explore.
#include "gorace/report/replay.hpp"

#include <gtest/gtest.h>

namespace gorace::report {
namespace {

TEST(ShellQuote, LeavesPlainWordsAndQuotesTheRest) {
  EXPECT_EQ(shell_quote("./prog"), "./prog");
  EXPECT_EQ(shell_quote("--n=3,4@x%y"), "--n=3,4@x%y");
  EXPECT_EQ(shell_quote(""), "''");
  EXPECT_EQ(shell_quote("two words"), "'two words'");
  EXPECT_EQ(shell_quote("it's $HOME"), "'it'\\''s $HOME'");
}

TEST(ReplayCommand, NamesTheScheduleAndQuotesTheCommand) {
  EXPECT_EQ(replay_command(Replay{7, "", 0, -1, {"/bin/prog", "a b"}}),
            "gorace replay --seed 7 -- /bin/prog 'a b'");
  EXPECT_EQ(replay_command(Replay{7, "random", 3, 5, {"./p"}}),
            "gorace replay --seed 7 --strategy random -- ./p");
  EXPECT_EQ(replay_command(Replay{1, "pct", 3, 0, {"./p"}}),
            "gorace replay --seed 1 --strategy pct --pct-depth 3 --pct-steps 0 -- ./p");
  EXPECT_EQ(replay_command(Replay{1, "pct", 3, -1, {"./p"}}),
            "gorace replay --seed 1 --strategy pct --pct-depth 3 -- ./p");
}

}  // namespace
}  // namespace gorace::report
