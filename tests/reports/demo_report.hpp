// A realistic multi-race report over fixtures/bank.cpp, used by the HTML,
// SARIF and browser tests: five races with different kinds, goroutines,
// counts and locations, one whose source file is missing, and names that
// need HTML escaping.
#pragma once

#include <string>

#include "gorace/report/report.hpp"

namespace gorace::report::testing {

/// Path of the fixture source the demo races point at.
inline std::string bank_cpp() {
  return std::string(GORACE_TEST_SOURCE_DIR) + "/fixtures/bank.cpp";
}

inline Report demo_report() {
  const std::string src = bank_cpp();
  const uint64_t chan = 0xc000012000ull;
  auto worker = [&](uint64_t id) {
    return std::vector<Goroutine>{Goroutine{id, false, true, {{"main", src, 25, 5}}},
                                  Goroutine{1, true, true, {}}};
  };
  const std::vector<Goroutine> main_chain = {Goroutine{1, true, true, {}}};
  // A receive from the closed channel `ready`, and main's close of it.
  const SyncEvent recv{
      "acquire", "gor::Chan::recv", chan, 1, {"main::$_0::operator()", src, 26, 13}};

  ReportBuilder b;
  RunInfo run;
  run.program = "/work/build/samples/bank";
  run.args = {"--accounts", "4", "<b>not bold</b>"};
  run.pid = 31337;
  run.start_time = "2026-11-26T12:00:00Z";
  run.gomaxprocs = 4;
  run.seed = 42;
  run.strategy = "pct";
  run.pct_depth = 4;
  size_t r0 = b.add_run(run);

  // 1: worker's write in deposit vs main's earlier read in audit.
  Race r1;
  r1.current = {5,
                true,
                false,
                8,
                0xc0000a0010ull,
                {{"deposit", src, 11, 13}, {"main::$_0::operator()", src, 27, 7}}};
  r1.previous = {1, false,           false,
                 8, 0xc0000a0010ull, {{"audit", src, 16, 12}, {"main", src, 32, 15}}};
  r1.current_chain = worker(5);
  r1.previous_chain = main_chain;
  r1.location.kind = Location::Kind::kStack;
  r1.location.stack_goroutine = 1;
  r1.current_events = {recv};
  r1.previous_events = {{"go", "go", 0, 1, {"main", src, 25, 5}},
                        {"release", "gor::Chan::close", chan, 2, {"main", src, 31, 3}}};
  r1.count = 3;
  b.add_race(r0, r1);

  // 2: two workers' writes to balance.
  Race r2 = r1;
  r2.previous = {6, true, false, 8, 0xc0000a0010ull, r1.current.stack};
  r2.previous_chain = worker(6);
  r2.previous_events = {recv};
  r2.previous.stack[0].column = 13;
  r2.previous.stack.push_back(
      {"gor::detail::goroutine_entry", "/usr/include/gor/detail/entry.hpp", 40, 3});
  r2.count = 12;
  b.add_race(r0, r2);

  // 3: deposits++ between two workers, a heap block.
  Race r3 = r2;
  r3.current.stack[0] = {"deposit", src, 12, 14};
  r3.previous.stack[0] = {"deposit", src, 12, 14};
  r3.previous.stack.pop_back();
  r3.current.goroutine = 7;
  r3.current_chain = worker(7);
  r3.location = Location{};
  r3.location.kind = Location::Kind::kHeap;
  r3.location.block_start = 0xc0000a0000ull;
  r3.location.block_size = 16;
  r3.location.alloc_goroutine = 1;
  r3.location.alloc_stack = {{"main", src, 20, 11}};
  r3.count = 40;
  b.add_race(r0, r3);

  // 4: a library whose source is missing; atomic write vs plain read of a global.
  Race r4;
  r4.current = {9,
                true,
                true,
                4,
                0x5588aa0010ull,
                {{"Cache<std::string>::put", "/nonexistent/lib/cache.cpp", 88, 9}}};
  r4.previous = {
      1, false,           false,
      4, 0x5588aa0010ull, {{"Cache<std::string>::size", "/nonexistent/lib/cache.cpp", 42, 16}}};
  r4.current_chain = {
      Goroutine{9, false, false, {{"start_cache", "/nonexistent/lib/cache.cpp", 12, 3}}},
      Goroutine{1, true, true, {}}};
  r4.previous_chain = main_chain;
  r4.location.kind = Location::Kind::kGlobal;
  r4.location.global_name = "g_cache_size";
  r4.location.block_start = 0x5588aa0010ull;
  r4.location.block_size = 4;
  r4.location.global_decl = {"", "/nonexistent/lib/cache.cpp", 7, 1};
  r4.count = 1;
  b.add_race(r0, r4);

  // 5: a frame on the line whose text is a script injection attempt.
  Race r5 = r1;
  r5.current.stack = {{"inject<</script>>", src, 34, 3}};
  r5.previous.stack = {{"main", src, 35, 10}};
  r5.count = 2;
  b.add_race(r0, r5);
  return b.take();
}

}  // namespace gorace::report::testing
