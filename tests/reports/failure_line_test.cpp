// failure_line: the line `gorace explore` quotes for a failed run, not
// gorace's own report and trailer lines.
#include "gorace/report/failure_line.hpp"

#include <gtest/gtest.h>

namespace gorace::report {
namespace {

constexpr const char* kRaceReport =
    "==================\n"
    "WARNING: DATA RACE\n"
    "Write at 0x7f327003ff6c by goroutine 3 (size 4):\n"
    "  main.func1.1()\n"
    "      /tmp/hang.cpp:9:27\n"
    "==================\n";

constexpr const char* kTrailer =
    "Found 1 data race(s)\n"
    "gorace: deterministic run: seed 1, strategy random; replay: gorace replay --seed 1 -- ./hang\n"
    "gorace: HTML report: ge/seed-1/hang-seed1.html\n";

// A fatal error (or a panic) is quoted even with gorace's lines and a
// goroutine dump after it.
TEST(FailureLine, QuotesTheFatalErrorNotGoracesTrailer) {
  const std::string err = std::string(kRaceReport) +
                          "fatal error: all goroutines are asleep - deadlock!\n\n"
                          "goroutine 1 [chan receive]:\n  main()\n" +
                          kTrailer;
  EXPECT_EQ(failure_line(err), "fatal error: all goroutines are asleep - deadlock!");
  EXPECT_EQ(failure_line(std::string("starting\npanic: boom [recovered]\nmore\n") + kTrailer),
            "panic: boom [recovered]");
}

// Without a panic or fatal error: the program's last line; none: "".
TEST(FailureLine, ElseTheProgramsLastLine) {
  EXPECT_EQ(
      failure_line(std::string("reading input\ncannot open x.txt\n") + kRaceReport + kTrailer),
      "cannot open x.txt");
  EXPECT_EQ(failure_line(std::string(kRaceReport) + kTrailer), "");
  EXPECT_EQ(failure_line(""), "");
}

}  // namespace
}  // namespace gorace::report
