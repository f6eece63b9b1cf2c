// Races used across the reports tests: a fully populated model (every field
// set) and small variations of it.
#pragma once

#include "gorace/report/race.hpp"

namespace gorace::report::testing {

/// Goroutine 7 (created by 3, created by main) writes; main read before.
inline Race sample_race(const std::string& dir = "/src") {
  Race r;
  r.current = Access{7,
                     true,
                     false,
                     8,
                     0xc0000b4010ull,
                     {{"main.func1", dir + "/prog.cpp", 12, 5},
                      {"gor::detail::trampoline", dir + "/rt.cpp", 40, 1}}};
  r.previous = Access{1, false, false, 8, 0xc0000b4010ull, {{"main", dir + "/prog.cpp", 15, 9}}};
  r.current_chain = {Goroutine{7, false, true, {{"spawn_worker", dir + "/prog.cpp", 10, 3}}},
                     Goroutine{3, false, false, {{"main", dir + "/prog.cpp", 8, 3}}},
                     Goroutine{1, true, true, {}}};
  r.previous_chain = {Goroutine{1, true, true, {}}};
  r.location.kind = Location::Kind::kHeap;
  r.location.block_start = 0xc0000b4000ull;
  r.location.block_size = 64;
  r.location.alloc_goroutine = 1;
  r.location.alloc_stack = {{"main", dir + "/prog.cpp", 6, 14}};
  r.current_events = {SyncEvent{"release_acquire",
                                "gor::Chan::recv",
                                0xc000010000ull,
                                2,
                                {"main.func1", dir + "/prog.cpp", 11, 7}}};
  r.previous_events = {SyncEvent{"go", "go", 0, 1, {"main", dir + "/prog.cpp", 8, 3}},
                       SyncEvent{"release_acquire",
                                 "gor::Chan::send",
                                 0xc000010000ull,
                                 2,
                                 {"main", dir + "/prog.cpp", 9, 5}}};
  r.count = 1;
  return r;
}

/// A run record with every field set.
inline RunInfo sample_run() {
  RunInfo run;
  run.program = "/tmp/bin/prog";
  run.args = {"--flag", "value with \"quotes\" and </script>"};
  run.pid = 4242;
  run.start_time = "2026-11-26T11:00:00Z";
  run.gomaxprocs = 4;
  run.seed = 18446744073709551557ull;
  run.strategy = "random";
  return run;
}

}  // namespace gorace::report::testing
