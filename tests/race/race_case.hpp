// Helpers for race tests through the runtime: detection is turned on with
// gor::race::enable() (these binaries are not instrumented), each case runs
// as a whole gor::main program, and the verdict is the number of races
// reported while it ran. Variables live in fresh heap cells (never freed, so
// no free-time write joins the verdict).
#pragma once

#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <source_location>
#include <string>

#include "gor/gor.hpp"
#include "gor/race.hpp"

namespace gorace_race_tests {

/// Runs of each case (the verdict must never change between them).
inline constexpr int kRuns = 20;

/// A fresh 8-byte variable.
inline int64_t* cell() {
  return new int64_t(0);
}

/// An 8-byte write/read of *p, reported at the caller's position.
inline void W(const void* p, std::source_location at = std::source_location::current()) {
  gor::race::write(p, 8, at);
}
inline void R(const void* p, std::source_location at = std::source_location::current()) {
  gor::race::read(p, 8, at);
}

/// Spins (yielding to other goroutines) until `flag` is set. The flag is a
/// std::atomic the detector does not see, so waiting gives no edge.
inline void await(const std::atomic<bool>& flag) {
  while (!flag.load(std::memory_order_acquire)) gor::yield();
}

/// Turns detection on for these tests: every run must report its own races
/// (no dedup across runs) and the expected races must not fail the process
/// at exit. GORACE's other options (e.g. seed=N) are kept.
inline void enable_for_tests() {
  static const bool done = [] {
    std::string options = std::getenv("GORACE") != nullptr ? std::getenv("GORACE") : "";
    options += " suppress_equal_stacks=0 exitcode=0 reports=0";
    setenv("GORACE", options.c_str(), 1);
    gor::race::enable();
    return true;
  }();
  (void)done;
}

/// Races reported while `program` ran as gor::main.
inline uint64_t races_in(const std::function<void()>& program) {
  enable_for_tests();
  uint64_t before = gor::race::report_count();
  gor::main(program);
  return gor::race::report_count() - before;
}

/// Runs `program` kRuns times; returns in how many runs a race was reported.
inline int runs_with_races(const std::function<void()>& program) {
  int n = 0;
  for (int i = 0; i < kRuns; i++) n += races_in(program) > 0 ? 1 : 0;
  return n;
}

}  // namespace gorace_race_tests
