// `gorace explore` and `gorace replay` end to end: replay determinism, the
// seed in every report, explore on racy, race-free, hanging and crashing
// programs, usage errors, and every bench/explore program found within 20
// PCT seeds.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A fresh scratch folder for one test.
fs::path scratch(const std::string& name) {
  fs::path dir =
      fs::temp_directory_path() / ("gorace-explore-test-" + std::to_string(getpid())) / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

struct Result {
  int status = -1;
  std::string out;
  std::string err;
};

// Runs `command` (a shell command line) in `dir`; captures stdout and stderr.
Result run(const fs::path& dir, const std::string& command) {
  std::string line = "cd '" + dir.string() + "' && " + command + " >'" +
                     (dir / "out.txt").string() + "' 2>'" + (dir / "err.txt").string() + "'";
  int raw = std::system(line.c_str());
  Result r;
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : 128 + WTERMSIG(raw);
  r.out = read_file(dir / "out.txt");
  r.err = read_file(dir / "err.txt");
  return r;
}

std::string gorace() {
  return GORACE_BIN;
}

std::vector<fs::path> files_with(const fs::path& dir, const std::string& ext) {
  std::vector<fs::path> out;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.path().extension() == ext) out.push_back(e.path());
  }
  return out;
}

// One replay: its stdout, stderr, and the bytes of its JSON Lines and HTML.
struct Replay {
  Result result;
  std::string jsonl;
  std::string html;
};

Replay replay_once(const fs::path& dir, const std::string& flags, const std::string& program) {
  fs::remove_all(dir / "reports");
  Replay r;
  r.result = run(dir, gorace() + " replay " + flags + " --report-dir reports -- " + program);
  std::vector<fs::path> logs = files_with(dir / "reports", ".jsonl");
  std::vector<fs::path> pages = files_with(dir / "reports", ".html");
  if (logs.size() == 1) r.jsonl = read_file(logs[0]);
  if (pages.size() == 1) r.html = read_file(pages[0]);
  return r;
}

TEST(Replay, SameSeedGivesTheSameRunByteForByte) {
  fs::path dir = scratch("replay");
  for (const char* flags :
       {"--seed 5 --strategy pct", "--seed 5 --strategy random",
        "--seed 9 --strategy pct --pct-depth 2", "--seed 9 --strategy pct --pct-steps 7"}) {
    SCOPED_TRACE(flags);
    Replay a = replay_once(dir, flags, RACY);
    Replay b = replay_once(dir, flags, RACY);
    EXPECT_EQ(a.result.status, 66) << a.result.err;
    EXPECT_FALSE(a.jsonl.empty());
    EXPECT_FALSE(a.html.empty());
    EXPECT_EQ(a.result.status, b.result.status);
    EXPECT_EQ(a.result.out, b.result.out);
    EXPECT_EQ(a.result.err, b.result.err);
    EXPECT_EQ(a.jsonl, b.jsonl);
    EXPECT_EQ(a.html, b.html);
  }
}

// PCT's run length: explore runs seed 1 first with k unknown and gives its
// step count to the later seeds, naming it in its summary and replay
// commands; a replay without --pct-steps counts it the same way, so it
// repeats explore's run of that seed.
TEST(Replay, RepeatsExploresRunWithSeedOnesRunLength) {
  fs::path dir = scratch("calibration");
  Result e = run(dir, gorace() + " explore --runs 3 --strategy pct --report-dir rep -- " + RACY);
  ASSERT_EQ(e.status, 66) << e.out << e.err;
  std::string steps = read_file(dir / "rep" / "seed-1" / "steps");
  ASSERT_FALSE(steps.empty());
  EXPECT_GT(std::stoull(steps), 0u);
  steps.pop_back();  // the newline
  EXPECT_NE(e.out.find("(pct_depth 3, pct_steps " + steps + " as counted by seed 1)"),
            std::string::npos)
      << e.out;
  EXPECT_NE(
      e.out.find("replay: gorace replay --seed 1 --strategy pct --pct-depth 3 --pct-steps 0 --"),
      std::string::npos)
      << e.out;
  for (int seed : {1, 2}) {
    for (const std::string& extra :
         {std::string(), " --pct-steps " + (seed == 1 ? std::string("0") : steps)}) {
      SCOPED_TRACE("seed " + std::to_string(seed) + extra);
      Result r = run(dir, gorace() + " replay --seed " + std::to_string(seed) + " --strategy pct" +
                              extra + " -- " + RACY);
      EXPECT_EQ(r.status, 66) << r.err;
      EXPECT_EQ(r.out, read_file(dir / "rep" / ("seed-" + std::to_string(seed)) / "stdout"));
    }
  }
}

TEST(Explore, VersionAndUninstrumentedProgramWarning) {
  fs::path dir = scratch("version");
  Result v = run(dir, gorace() + " --version");
  EXPECT_EQ(v.status, 0) << v.err;
  EXPECT_EQ(v.out.rfind("gorace ", 0), 0u) << v.out;
  Result e = run(dir, gorace() + " explore --runs 1 -- /bin/true");
  EXPECT_EQ(e.status, 0) << e.err;
  EXPECT_NE(e.err.find("'/bin/true' does not contain the gorace runtime"), std::string::npos)
      << e.err;
  Result r = run(dir, gorace() + " explore --runs 1 --report-dir rep -- " + RACY);
  EXPECT_EQ(r.err.find("does not contain the gorace runtime"), std::string::npos) << r.err;
}

// A program that ends with exit() inside gor::main still counts its steps.
TEST(Explore, CountsTheStepsOfAProgramThatCallsExit) {
  fs::path dir = scratch("calibration_exit");
  Result e = run(dir, gorace() + " explore --runs 2 --strategy pct --report-dir rep -- " +
                          std::string(RACY) + " exit");
  ASSERT_EQ(e.status, 66) << e.out << e.err;
  std::string steps = read_file(dir / "rep" / "seed-1" / "steps");
  ASSERT_FALSE(steps.empty()) << e.out;
  EXPECT_GT(std::stoull(steps), 0u);
  EXPECT_EQ(e.out.find("wrote no step count"), std::string::npos) << e.out;
}

TEST(Replay, BadSchedulerKeysAreNamed) {
  fs::path dir = scratch("bad-sched");
  Result r = run(dir, std::string("GORACE=seed=1 GORACE_SCHED=bogus=1 ") + RACY);
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("unknown GORACE_SCHED key \"bogus\""), std::string::npos) << r.err;
  r = run(dir, std::string("GORACE='seed=1 strategy=pct' GORACE_SCHED=pct_steps=0 ") + RACY);
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("bad GORACE_SCHED value for pct_steps: \"0\""), std::string::npos) << r.err;
}

TEST(Replay, SeedsChooseDifferentSchedules) {
  fs::path dir = scratch("seeds");
  std::vector<std::string> outputs;
  for (int seed = 1; seed <= 8; ++seed) {
    outputs.push_back(
        run(dir, gorace() + " replay --seed " + std::to_string(seed) + " -- " + RACY).out);
  }
  std::sort(outputs.begin(), outputs.end());
  outputs.erase(std::unique(outputs.begin(), outputs.end()), outputs.end());
  EXPECT_GT(outputs.size(), 1u) << "8 seeds all ran the goroutines in the same order";
}

TEST(Replay, SeedIsRecordedInTextJsonAndHtmlReports) {
  fs::path dir = scratch("seed-in-reports");
  Replay r = replay_once(dir, "--seed 7 --strategy pct", RACY);
  ASSERT_EQ(r.result.status, 66) << r.result.err;
  EXPECT_NE(r.result.err.find("WARNING: DATA RACE"), std::string::npos);
  EXPECT_NE(r.result.err.find("seed 7, strategy pct"), std::string::npos) << r.result.err;
  EXPECT_NE(r.jsonl.find("\"seed\":7"), std::string::npos) << r.jsonl;
  EXPECT_NE(r.jsonl.find("\"strategy\":\"pct\""), std::string::npos) << r.jsonl;
  EXPECT_NE(r.html.find("gorace replay --seed 7 --strategy pct"), std::string::npos);
}

// The replay command a seeded PCT run prints (and its log records) runs
// that same schedule: the run drew its step count per seed, and so does the
// replay it names (--pct-steps 0), where replay would otherwise count the
// steps first and draw other change points.
TEST(Replay, PrintedReplayCommandOfASeededRunReproducesIt) {
  fs::path dir = scratch("printed-replay");
  int racy_seeds = 0;
  for (int seed = 1; seed <= 8; ++seed) {
    Result direct = run(dir, "GORACE='seed=" + std::to_string(seed) +
                                 " strategy=pct report_dir=' " + std::string(RACY));
    const size_t at = direct.err.find("replay: ");
    if (direct.status != 66) continue;
    ++racy_seeds;
    ASSERT_NE(at, std::string::npos) << direct.err;
    std::string command = direct.err.substr(at + 8);
    command = command.substr(0, command.find('\n'));
    EXPECT_NE(command.find("--pct-steps 0"), std::string::npos) << command;
    ASSERT_EQ(command.rfind("gorace ", 0), 0u) << command;
    Result replayed = run(dir, "GORACE=report_dir= " + gorace() + command.substr(6));
    EXPECT_EQ(replayed.status, direct.status) << command;
    EXPECT_EQ(replayed.out, direct.out) << command;
  }
  EXPECT_GT(racy_seeds, 0);
}

// Whether the "goroutine N step i" lines of racy's output interleave
// (another goroutine's line between two of one goroutine's lines).
bool interleaved(const std::string& out) {
  std::istringstream in(out);
  std::string line;
  std::vector<std::string> order;  // goroutine of each step line
  while (std::getline(in, line)) {
    if (line.rfind("goroutine ", 0) == 0) order.push_back(line.substr(10, line.find(' ', 10) - 10));
  }
  for (size_t i = 0; i < order.size(); ++i) {
    for (size_t j = i + 2; j < order.size(); ++j) {
      if (order[j] == order[i] && order[j - 1] != order[i]) return true;
    }
  }
  return false;
}

TEST(Strategy, PctWithoutChangePointsRunsEachGoroutineToTheEnd) {
  // Depth 1: no priority change, so the highest-priority runnable goroutine
  // always runs; racy's goroutines never block, so none is interrupted.
  fs::path dir = scratch("pct-depth-1");
  for (int seed = 1; seed <= 8; ++seed) {
    Result r = run(dir, gorace() + " replay --seed " + std::to_string(seed) +
                            " --strategy pct --pct-depth 1 -- " + RACY);
    EXPECT_FALSE(interleaved(r.out)) << "seed " << seed << ":\n" << r.out;
  }
}

TEST(Strategy, RandomAndPctSwitchInsideGoroutines) {
  fs::path dir = scratch("interleave");
  for (const char* strategy : {"random", "pct --pct-depth 10"}) {
    bool any = false;
    for (int seed = 1; seed <= 20 && !any; ++seed) {
      Result r = run(dir, gorace() + " replay --seed " + std::to_string(seed) + " --strategy " +
                              strategy + " -- " + RACY);
      any = interleaved(r.out);
    }
    EXPECT_TRUE(any) << strategy << ": no seed in 1..20 switched goroutines at an access";
  }
}

// Every non-blocking synchronisation operation is a scheduling point: with
// only that operation between a goroutine's lines, some random seed in 1..20
// switches goroutines there. The control kind "none" (no operation) is never
// interleaved, so nothing else in the loop is a point.
TEST(SchedulingPoints, EverySyncOperationIsOne) {
  fs::path dir = scratch("sync-points");
  for (const char* kind : {"mutex_lock",
                           "mutex_unlock",
                           "mutex_try_lock",
                           "rwmutex_lock",
                           "rwmutex_unlock",
                           "rwmutex_try_lock",
                           "rwmutex_lock_shared",
                           "rwmutex_unlock_shared",
                           "rwmutex_try_lock_shared",
                           "chan_send",
                           "chan_recv",
                           "chan_recv_ok",
                           "chan_close",
                           "chan_range",
                           "select",
                           "select_default",
                           "waitgroup_add",
                           "waitgroup_done",
                           "waitgroup_wait",
                           "once",
                           "cond_signal",
                           "cond_broadcast",
                           "pool_put",
                           "pool_get",
                           "atomic"}) {
    bool any = false;
    for (int seed = 1; seed <= 20 && !any; ++seed) {
      Result r = run(dir, gorace() + " replay --seed " + std::to_string(seed) +
                              " --strategy random -- " + SYNC_POINTS + " " + kind);
      ASSERT_EQ(r.status, 0) << kind << " seed " << seed << ": " << r.err;
      any = interleaved(r.out);
    }
    EXPECT_TRUE(any) << kind << ": no seed in 1..20 switched goroutines at it";
  }
  for (int seed = 1; seed <= 20; ++seed) {
    Result r = run(dir, gorace() + " replay --seed " + std::to_string(seed) +
                            " --strategy random -- " + SYNC_POINTS + " none");
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_FALSE(interleaved(r.out)) << "seed " << seed << " switched without a point:\n" << r.out;
  }
}

// Regression: an element's move that does instrumented accesses runs under
// the channel's internal lock; a switch there stalled the one processor
// (the next goroutine on that channel spun on the lock forever). Under many
// seeds of both strategies every run finishes with the right result.
TEST(SchedulingPoints, NoSwitchWhileTheRuntimeHoldsALock) {
  fs::path dir = scratch("locked-moves");
  for (const char* strategy : {"random", "pct --pct-depth 10"}) {
    SCOPED_TRACE(strategy);
    Result r = run(dir, gorace() + " explore --runs 20 --jobs 2 --timeout 5 --strategy " +
                            strategy + " --report-dir rep -- " + LOCKED_MOVES);
    EXPECT_EQ(r.status, 0) << r.out << r.err;
    EXPECT_NE(r.out.find("races in 0 of 20 runs (0%), 0 unique race(s); 0 timed out, 0 crashed"),
              std::string::npos)
        << r.out;
    for (int seed = 1; seed <= 20; ++seed) {
      fs::path out = dir / "rep" / ("seed-" + std::to_string(seed)) / "stdout";
      EXPECT_EQ(read_file(out), "received 24 items, sum 2484\n") << "seed " << seed;
    }
  }
}

TEST(Explore, FindsTheRaceAndNamesSeedsAndReplayCommands) {
  fs::path dir = scratch("racy");
  Result r =
      run(dir, gorace() + " explore --runs 6 --jobs 2 --strategy pct --report-dir rep -- " + RACY);
  EXPECT_EQ(r.status, 66) << r.out << r.err;
  EXPECT_NE(r.out.find("race 1: racy.cpp:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("found by 6/6 seeds (100%): 1 2 3 4 5 6"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("replay: gorace replay --seed 1 --strategy pct"), std::string::npos);
  std::string html = read_file(dir / "rep" / "report.html");
  EXPECT_NE(html.find("gorace replay --seed 1 --strategy pct"), std::string::npos);
  EXPECT_NE(html.find("(seed 6)"), std::string::npos);
}

// Two explores sharing a report folder would read each other's runs: the
// second is refused while the first holds it, and a folder left behind by
// an explore that ended is taken again.
TEST(Explore, ReportFolderInUseByAnotherExploreIsRefused) {
  fs::path dir = scratch("shared-folder");
  fs::create_directories(dir / "rep");
  const int held = ::open((dir / "rep" / ".lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  ASSERT_GE(held, 0);
  ASSERT_EQ(::flock(held, LOCK_EX), 0);  // as a running explore holds it
  Result busy = run(dir, gorace() + " explore --runs 2 --report-dir rep -- " + RACY);
  EXPECT_EQ(busy.status, 1) << busy.out << busy.err;
  EXPECT_NE(busy.err.find("report folder rep is in use by another gorace explore"),
            std::string::npos)
      << busy.err;
  ::close(held);
  Result later = run(dir, gorace() + " explore --runs 2 --report-dir rep -- " + RACY);
  EXPECT_EQ(later.status, 66) << later.out << later.err;
}

TEST(Explore, UntilFirstStopsEarly) {
  fs::path dir = scratch("until-first");
  Result r =
      run(dir, gorace() + " explore --runs 50 --jobs 1 --until-first --report-dir rep -- " + RACY);
  EXPECT_EQ(r.status, 66) << r.out << r.err;
  EXPECT_NE(r.out.find("found by 1/1 seeds"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("stopped early (--until-first) after 1 of 50 seeds"), std::string::npos);
}

TEST(Explore, RaceFreeProgramExitsZero) {
  fs::path dir = scratch("race-free");
  Result r = run(dir, gorace() + " explore --runs 8 --jobs 2 --report-dir rep -- " + RACE_FREE);
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("races in 0 of 8 runs (0%), 0 unique race(s); 0 timed out, 0 crashed"),
            std::string::npos)
      << r.out;
  EXPECT_FALSE(fs::exists(dir / "rep" / "report.html"));
}

TEST(Explore, HangingRunsAreKilledAtTheTimeout) {
  fs::path dir = scratch("hang");
  Result r =
      run(dir, gorace() + " explore --runs 2 --jobs 2 --timeout 1 --report-dir rep -- " + HANG);
  EXPECT_EQ(r.status, 1) << r.out << r.err;  // no race, but the program failed
  EXPECT_NE(r.out.find("seed 1: timed out after 1s (killed)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("seed 2: timed out"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("2 timed out"), std::string::npos) << r.out;
  EXPECT_EQ(read_file(dir / "rep" / "seed-1" / "stdout"), "started\n");
}

TEST(Explore, CrashingRunsAreReportedWithSeedAndSignal) {
  fs::path dir = scratch("crash");
  Result r = run(dir, gorace() + " explore --runs 2 --report-dir rep -- " + CRASH);
  EXPECT_EQ(r.status, 1) << r.out << r.err;  // no race, but the program failed
  EXPECT_NE(r.out.find("seed 1: crashed with SIGABRT"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("seed 2: crashed with SIGABRT"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("gorace replay --seed 2"), std::string::npos) << r.out;
  EXPECT_NE(read_file(dir / "rep" / "seed-1" / "stderr").find("about to abort"), std::string::npos);
}

// A run that races and then crashes still counts its race: the run's log is
// written as races are found, not only by the exit handler.
TEST(Explore, RacesOfRunsThatCrashAfterwardsCount) {
  fs::path dir = scratch("race-then-crash");
  Result r = run(dir, gorace() + " explore --runs 2 --report-dir rep -- " + RACE_THEN_CRASH);
  EXPECT_EQ(r.status, 66) << r.out << r.err;
  EXPECT_NE(r.out.find("races in 2 of 2 runs (100%), 1 unique race(s); 0 timed out, 2 crashed"),
            std::string::npos)
      << r.out;
}

TEST(Explore, InterruptKillsTheRunningSeeds) {
  fs::path dir = scratch("interrupt");
  Result r =
      run(dir, "sh -c '" + gorace() + " explore --runs 4 --timeout 600 --report-dir rep -- " +
                   HANG + " & p=$!; sleep 1; kill -INT $p; wait $p'");
  EXPECT_EQ(r.status, 130) << r.out << r.err;
  EXPECT_NE(r.err.find("interrupted; the running seeds were killed"), std::string::npos) << r.err;
}

TEST(Usage, BadFlagsAreNamedAndExitTwo) {
  fs::path dir = scratch("usage");
  struct Case {
    const char* args;
    const char* message;
  };
  for (Case c :
       {Case{"explore --runs x -- ./p", "--runs wants an integer"},
        Case{"explore --runs 0 -- ./p", "--runs wants an integer in 1..1000000, got '0'"},
        Case{"explore --strategy dfs -- ./p", "--strategy wants 'random' or 'pct', got 'dfs'"},
        Case{"explore --timeout -1 -- ./p", "--timeout wants a positive duration"},
        Case{"replay --seed 1 --pct-steps x -- ./p", "--pct-steps wants an integer"},
        Case{"explore --bogus -- ./p", "unknown flag '--bogus'"},
        Case{"explore --runs 2", "missing the program to run"},
        Case{"replay -- ./p", "replay needs --seed N"},
        Case{"replay --seed 1 --runs 2 -- ./p", "unknown flag '--runs' for gorace replay"},
        Case{"frobnicate", "unknown subcommand 'frobnicate'"},
        Case{"explore -- ./does-not-exist", "'./does-not-exist' is not an executable file"}}) {
    SCOPED_TRACE(c.args);
    Result r = run(dir, gorace() + " " + c.args);
    EXPECT_EQ(r.status, 2);
    EXPECT_NE(r.err.find(c.message), std::string::npos) << r.err;
  }
}

// Every bench/explore race is found within 20 PCT seeds.
class BenchProgram : public testing::TestWithParam<std::string> {};

TEST_P(BenchProgram, FoundWithin20PctSeeds) {
  fs::path dir = scratch("bench-" + GetParam());
  Result r =
      run(dir, gorace() +
                   " explore --runs 20 --jobs 2 --strategy pct --timeout 20 --report-dir rep -- " +
                   std::string(BENCH_DIR) + "/" + GetParam());
  EXPECT_EQ(r.status, 66) << r.out << r.err;
  EXPECT_NE(r.out.find("race 1: "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("0 timed out, 0 crashed"), std::string::npos) << r.out;
}

INSTANTIATE_TEST_SUITE_P(Explore, BenchProgram,
                         testing::Values("lock_order", "sleep_order", "pipeline_select",
                                         "double_checked", "select_default", "two_phase"));

}  // namespace
