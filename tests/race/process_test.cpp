// The process-level protocol of race detection, through race_program: exit
// status 66 (or GORACE's exitcode, or the program's own non-zero status),
// the summary line, log_path, halt_on_error, dedup, suppressions, the HTML
// report path as the last stderr line, heap/global locations, and malformed
// GORACE values.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

struct Result {
  int status = -1;
  std::string out;
  std::string err;
};

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The names in directory `dir`, sorted, one per line ("" when empty).
std::string list(const std::string& dir) {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(dir))
    names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  std::string out;
  for (const std::string& n : names) out += n + "\n";
  return out;
}

std::string temp_dir() {
  char tmpl[] = "/tmp/gorace-race-XXXXXX";
  const char* d = mkdtemp(tmpl);
  return d != nullptr ? d : "/tmp";
}

/// Runs race_program with `args` under GORACE=`gorace` (GOMAXPROCS=2).
Result run(const std::string& args, const std::string& gorace, const std::string& dir) {
  std::string out = dir + "/stdout", err = dir + "/stderr";
  std::string cmd = "cd " + dir + " && GOMAXPROCS=2 GORACE='" + gorace + "' " + RACE_PROGRAM + " " +
                    args + " >" + out + " 2>" + err;
  int raw = std::system(cmd.c_str());
  Result r;
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  r.out = slurp(out);
  r.err = slurp(err);
  return r;
}

int count(const std::string& text, const std::string& what) {
  int n = 0;
  for (size_t p = text.find(what); p != std::string::npos; p = text.find(what, p + 1)) n++;
  return n;
}

std::string last_line(const std::string& text) {
  std::string t = text;
  while (!t.empty() && t.back() == '\n') t.pop_back();
  size_t nl = t.rfind('\n');
  return nl == std::string::npos ? t : t.substr(nl + 1);
}

class Process : public ::testing::Test {
 protected:
  std::string dir_ = temp_dir();
};

TEST_F(Process, CleanProgramExitsZeroSilently) {
  Result r = run("clean", "", dir_);
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.out, "reports=0\n");
}

TEST_F(Process, RaceGivesGoFormatReportSummaryAndStatus66) {
  Result r = run("race 1", "report_dir=", dir_);
  EXPECT_EQ(r.status, 66);
  EXPECT_EQ(count(r.err, "WARNING: DATA RACE\n"), 1);
  EXPECT_EQ(count(r.err, "==================\n"), 2);
  // The goroutine's write and main's read run on two workers: either may
  // come first, and the report names the later one first.
  bool read_first = r.err.find("Previous read at 0x") != std::string::npos;
  EXPECT_NE(r.err.find(read_first ? "Write at 0x" : "Read at 0x"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(read_first ? "Previous read at 0x" : "Previous write at 0x"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("by goroutine 2"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("by main goroutine"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("race_program.cpp:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("Location is heap block of size 128"), std::string::npos) << r.err;
  EXPECT_EQ(last_line(r.err), "Found 1 data race(s)");
}

TEST_F(Process, DistinctRacesAreCounted) {
  Result r = run("race 3", "report_dir=", dir_);
  EXPECT_EQ(r.status, 66);
  EXPECT_EQ(count(r.err, "WARNING: DATA RACE"), 3);
  EXPECT_NE(r.err.find("Found 3 data race(s)"), std::string::npos);
  EXPECT_EQ(r.out, "reports=3\n");
}

TEST_F(Process, ExitcodeOptionOverrides66) {
  EXPECT_EQ(run("race 1", "exitcode=7 report_dir=", dir_).status, 7);
}

// As TSan's flag parser: commas and colons separate options too, and a
// quoted value keeps them.
TEST_F(Process, OptionsSeparatedByCommasOrColonsAndQuotedValues) {
  EXPECT_EQ(run("race 1", "exitcode=7,report_dir=", dir_).status, 7);
  EXPECT_EQ(run("race 1", "exitcode=8:report_dir=", dir_).status, 8);
  Result quoted = run("race 1", "report_dir= strip_path_prefix=\"/a b:c,\" exitcode=9", dir_);
  EXPECT_EQ(quoted.status, 9) << quoted.err;
  Result open = run("clean", "strip_path_prefix=\"/a", dir_);
  EXPECT_EQ(open.status, 2);
  EXPECT_NE(open.err.find("unterminated quoted GORACE value for strip_path_prefix"),
            std::string::npos)
      << open.err;
}

TEST_F(Process, ProgramsOwnFailureStatusWins) {
  Result r = run("exit3", "report_dir=", dir_);
  EXPECT_EQ(r.status, 3);
  EXPECT_NE(r.err.find("Found 1 data race(s)"), std::string::npos);
}

TEST_F(Process, HaltOnErrorStopsAtTheFirstReport) {
  Result r = run("race 3", "halt_on_error=1 report_dir=", dir_);
  EXPECT_EQ(r.status, 66);
  EXPECT_EQ(count(r.err, "WARNING: DATA RACE"), 1);
  EXPECT_EQ(r.out, "");                               // never got to print its count
  EXPECT_EQ(r.err.find("Found"), std::string::npos);  // nor does the runtime (Go's output)
}

TEST_F(Process, LogPathWritesReportsToPathDotPid) {
  Result r = run("race 1", "log_path=" + dir_ + "/race.log report_dir=", dir_);
  EXPECT_EQ(r.status, 66);
  EXPECT_EQ(r.err.find("WARNING: DATA RACE"), std::string::npos);
  std::string listing;
  FILE* ls = popen(("ls " + dir_ + " | grep '^race.log\\.'").c_str(), "r");
  char buf[256];
  while (ls != nullptr && fgets(buf, sizeof buf, ls) != nullptr) listing += buf;
  if (ls != nullptr) pclose(ls);
  ASSERT_FALSE(listing.empty());
  std::string name = listing.substr(0, listing.find('\n'));
  std::string log = slurp(dir_ + "/" + name);
  EXPECT_EQ(count(log, "WARNING: DATA RACE"), 1);
  EXPECT_NE(log.find("Found 1 data race(s)"), std::string::npos);
}

TEST_F(Process, HtmlReportPathIsTheLastStderrLine) {
  Result r = run("race 1", "report_dir=" + dir_ + "/reports", dir_);
  EXPECT_EQ(r.status, 66);
  std::string last = last_line(r.err);
  const std::string prefix = "gorace: HTML report: ";
  ASSERT_EQ(last.rfind(prefix, 0), 0u) << r.err;
  std::string html = last.substr(prefix.size());
  EXPECT_FALSE(slurp(html).empty());
  std::string jsonl = html.substr(0, html.size() - 5) + ".jsonl";
  EXPECT_FALSE(slurp(jsonl).empty());
}

// A relative report_dir is the start directory's: a chdir during the run does
// not move the reports, and the path printed is relative to where it started.
TEST_F(Process, RelativeReportDirIsTheStartDirectorys) {
  Result r = run("chdir", "report_dir=reports", dir_);
  EXPECT_EQ(r.status, 66) << r.err;
  std::string last = last_line(r.err);
  const std::string prefix = "gorace: HTML report: reports/";
  ASSERT_EQ(last.rfind(prefix, 0), 0u) << r.err;
  EXPECT_FALSE(
      slurp(dir_ + "/" + last.substr(std::string("gorace: HTML report: ").size())).empty());
}

// The run record names the executable by its resolved path, so that the HTML
// report's replay command runs from any directory.
TEST_F(Process, RunRecordNamesTheExecutablesPath) {
  Result r = run("race 1", "report_dir=" + dir_ + "/reports", dir_);
  std::string html = last_line(r.err).substr(std::string("gorace: HTML report: ").size());
  std::string jsonl = slurp(html.substr(0, html.size() - 5) + ".jsonl");
  char resolved[4096];
  ASSERT_NE(realpath(RACE_PROGRAM, resolved), nullptr);
  EXPECT_NE(jsonl.find("\"program\":\"" + std::string(resolved) + "\""), std::string::npos)
      << jsonl.substr(0, 300);
}

// A program stopped by SIGINT or SIGTERM (a server stopped with Ctrl-C)
// still writes its race reports' HTML page, then dies by that signal.
TEST_F(Process, TerminatingSignalWritesTheReportFirst) {
  for (int sig : {SIGINT, SIGTERM}) {
    const std::string reports = dir_ + "/reports" + std::to_string(sig);
    const std::string err = dir_ + "/stderr";
    const std::string gorace = "GORACE=report_dir=" + reports;
    int out[2];
    ASSERT_EQ(pipe(out), 0);
    const pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      dup2(out[1], 1);
      close(out[0]);
      freopen(err.c_str(), "w", stderr);
      putenv(const_cast<char*>(gorace.c_str()));
      execl(RACE_PROGRAM, RACE_PROGRAM, "wait", nullptr);
      _exit(127);
    }
    close(out[1]);
    char line[16] = {};
    ASSERT_GT(read(out[0], line, sizeof line - 1), 0);  // "raced": the race was reported
    close(out[0]);
    kill(child, sig);
    int status = 0;
    ASSERT_EQ(waitpid(child, &status, 0), child);
    EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == sig) << "status " << status;
    const std::string printed = slurp(err);
    EXPECT_NE(printed.find("Found 1 data race(s)"), std::string::npos) << printed;
    const std::string names = list(reports);
    ASSERT_EQ(count(names, ".html"), 1) << names;
    std::string page;
    for (const auto& entry : std::filesystem::directory_iterator(reports)) {
      if (entry.path().extension() == ".html") page = slurp(entry.path().string());
    }
    EXPECT_TRUE(page.ends_with("</html>\n") || page.ends_with("</html>")) << page.size();
  }
}

// A program that calls abort() (a failed assert) names the goroutine that
// aborted, writes its race reports' HTML page, and still dies by SIGABRT.
TEST_F(Process, AbortWritesTheReportFirst) {
  const std::string reports = dir_ + "/reports";
  const std::string cmd = "cd " + dir_ + " && GOMAXPROCS=2 GORACE='report_dir=" + reports + "' " +
                          RACE_PROGRAM + " abort >stdout 2>stderr";
  const int status = std::system(cmd.c_str());
  // The shell reports a child killed by signal N as exit status 128 + N.
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 128 + SIGABRT) << "status " << status;
  const std::string printed = slurp(dir_ + "/stderr");
  EXPECT_NE(printed.find("SIGABRT: abort\n\ngoroutine "), std::string::npos) << printed;
  EXPECT_NE(printed.find("Found 1 data race(s)"), std::string::npos) << printed;
  const std::string names = list(reports);
  ASSERT_EQ(count(names, ".html"), 1) << names;
  for (const auto& entry : std::filesystem::directory_iterator(reports)) {
    if (entry.path().extension() != ".html") continue;
    const std::string page = slurp(entry.path().string());
    EXPECT_TRUE(page.ends_with("</html>\n") || page.ends_with("</html>")) << page.size();
  }
}

// The run record's strategy is the schedule a deterministic run explored
// ("random" by default), and "" for a run that was not deterministic.
TEST_F(Process, RunRecordNamesTheStrategyOfDeterministicRunsOnly) {
  const auto run_record = [&](const std::string& gorace) {
    Result r = run("race 1", "report_dir=" + dir_ + "/reports " + gorace, dir_);
    std::string html = last_line(r.err).substr(std::string("gorace: HTML report: ").size());
    std::string jsonl = slurp(html.substr(0, html.size() - 5) + ".jsonl");
    return jsonl.substr(0, jsonl.find('\n'));
  };
  std::string plain = run_record("");
  EXPECT_NE(plain.find("\"seed\":null,\"strategy\":\"\""), std::string::npos) << plain;
  std::string seeded = run_record("seed=5");
  EXPECT_NE(seeded.find("\"seed\":5,\"strategy\":\"random\""), std::string::npos) << seeded;
  // A deterministic run has one worker, whatever GOMAXPROCS says (2 here).
  EXPECT_NE(seeded.find("\"gomaxprocs\":1,"), std::string::npos) << seeded;
}

// A goroutine's history names each hand-off by its operation: one
// release_acquire per side of an unbuffered channel's send and receive.
TEST_F(Process, HistoriesNameTheChannelOperations) {
  Result r = run("handoff", "report_dir=" + dir_ + "/reports", dir_);
  ASSERT_EQ(r.status, 66) << r.err;
  std::string html = last_line(r.err).substr(std::string("gorace: HTML report: ").size());
  std::string jsonl = slurp(html.substr(0, html.size() - 5) + ".jsonl");
  EXPECT_EQ(count(jsonl, "\"kind\":\"release_acquire\",\"what\":\"gor::Chan::send\""), 1) << jsonl;
  EXPECT_EQ(count(jsonl, "\"kind\":\"release_acquire\",\"what\":\"gor::Chan::recv\""), 1) << jsonl;
  EXPECT_EQ(count(jsonl, "\"kind\":\"acquire\""), 0) << jsonl;
}

TEST_F(Process, ReportsZeroDisablesTheLog) {
  Result r = run("race 1", "reports=0", dir_);
  EXPECT_EQ(r.status, 66);
  EXPECT_EQ(r.err.find("HTML report"), std::string::npos);
}

TEST_F(Process, SuppressionsFileHidesMatchingRaces) {
  std::ofstream(dir_ + "/supp.txt") << "# distinct_races is known\nrace:distinct_races\n";
  Result r = run("race 2", "suppressions=" + dir_ + "/supp.txt report_dir=", dir_);
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.err.find("WARNING"), std::string::npos);
}

TEST_F(Process, HeapGlobalAndFreeLocations) {
  Result heap = run("heap", "report_dir=", dir_);
  EXPECT_NE(heap.err.find("Location is heap block of size 32"), std::string::npos) << heap.err;
  Result global = run("global", "report_dir=", dir_);
  EXPECT_NE(global.err.find("Location is global 'global_counter' of size 8"), std::string::npos)
      << global.err;
  Result freed = run("free", "report_dir=", dir_);
  EXPECT_EQ(freed.status, 66);
  EXPECT_NE(freed.err.find("operator delete()"), std::string::npos) << freed.err;
}

// _exit and quick_exit skip exit()'s handlers; the race status and the
// summary are not lost (TSan's _exit interceptor).
TEST_F(Process, UnderscoreExitAfterARaceExitsWithTheRaceStatus) {
  for (const char* mode : {"_exit", "quick_exit"}) {
    Result r = run(mode, "report_dir=", dir_);
    EXPECT_EQ(r.status, 66) << mode;
    EXPECT_NE(r.err.find("Found 1 data race(s)"), std::string::npos) << mode << r.err;
  }
}

// A forked child neither counts its parent's races nor writes over the
// parent's logs: its reports are its own, under its own pid.
TEST_F(Process, ForkedChildDoesNotInheritTheParentsRaces) {
  Result r = run("fork", "log_path=" + dir_ + "/race.log report_dir=" + dir_ + "/reports", dir_);
  EXPECT_EQ(r.status, 66);
  EXPECT_NE(r.out.find("child=0\n"), std::string::npos) << r.out;
  std::string logs = list(dir_);
  EXPECT_EQ(count(logs, "race.log."), 1) << logs;  // the parent's only: the child found no race
  std::string reports = list(dir_ + "/reports");
  EXPECT_EQ(count(reports, ".jsonl"), 1) << reports;
  std::istringstream names(reports);
  std::string name;
  while (std::getline(names, name) && !name.ends_with(".jsonl")) {
  }
  std::string jsonl = slurp(dir_ + "/reports/" + name);
  EXPECT_EQ(count(jsonl, "\"fingerprint\""), 2) << jsonl;  // both of the parent's races
}

// A fault while a report is being built (its stack overflowed) ends the
// process with the fault's status: finishing the run waited for that report
// forever (a hang).
TEST_F(Process, StackOverflowInsideAReportExits) {
  Result r = run("deep_race", "report_dir=", dir_);
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_NE(r.err.find("fatal error: stack overflow"), std::string::npos) << r.err;
}

TEST_F(Process, LogPathCreatesItsMissingDirectories) {
  Result r = run("race 1", "log_path=" + dir_ + "/missing/dirs/race.log report_dir=", dir_);
  EXPECT_EQ(r.status, 66);
  EXPECT_EQ(r.err.find("WARNING: DATA RACE"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("Found"), std::string::npos) << r.err;  // the summary is the log's, as Go's
  std::string listing = list(dir_ + "/missing/dirs");
  EXPECT_EQ(listing.rfind("race.log.", 0), 0u) << listing;
}

TEST_F(Process, RaceFreeRunLeavesNoLogFile) {
  Result r = run("clean", "log_path=" + dir_ + "/race.log report_dir=", dir_);
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(list(dir_), "stderr\nstdout\n");  // run()'s own
}

TEST_F(Process, UnopenableLogPathNamesTheReasonAndReportsOnStderr) {
  ASSERT_TRUE(std::ofstream(dir_ + "/file") << "not a directory");
  Result r = run("race 1", "log_path=" + dir_ + "/file/race.log report_dir=", dir_);
  EXPECT_EQ(r.status, 66);
  EXPECT_NE(r.err.find("cannot open log_path file"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("Not a directory"), std::string::npos) << r.err;
  EXPECT_EQ(count(r.err, "WARNING: DATA RACE"), 1) << r.err;  // nothing lost
}

TEST_F(Process, UnknownOptionIsAnErrorNamingIt) {
  Result r = run("clean", "foo=1", dir_);
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("unknown GORACE option \"foo\" (options: log_path exitcode"),
            std::string::npos)
      << r.err;
  // A misspelt option is named with the one it most likely means.
  r = run("clean", "halt_on_eror=1", dir_);
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("unknown GORACE option \"halt_on_eror\" (did you mean halt_on_error?)"),
            std::string::npos)
      << r.err;
}

TEST_F(Process, MalformedValuesAreErrorsNamingTheOption) {
  for (const char* bad :
       {"exitcode=abc", "halt_on_error=2", "history_size=9", "noequals", "seed=x"}) {
    Result r = run("clean", bad, dir_);
    EXPECT_EQ(r.status, 2) << bad;
    EXPECT_NE(r.err.find("gorace:"), std::string::npos) << bad << ": " << r.err;
  }
  Result r = run("clean", "suppressions=/nonexistent/file", dir_);
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("/nonexistent/file\": No such file or directory"), std::string::npos)
      << r.err;
  r = run("clean", "suppressions=" + dir_, dir_);  // a directory reads as no text
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("it is a directory"), std::string::npos) << r.err;
}

// As TSan's flag parser: 0/1, false/true and no/yes.
TEST_F(Process, BooleanOptionsTakeTSansSpellings) {
  for (const char* value : {"1", "true", "yes"}) {
    Result r = run("race 2", std::string("report_dir= halt_on_error=") + value, dir_);
    EXPECT_EQ(count(r.err, "WARNING: DATA RACE"), 1) << value << ": " << r.err;
  }
  for (const char* value : {"0", "false", "no"}) {
    Result r = run("race 2", std::string("report_dir= halt_on_error=") + value, dir_);
    EXPECT_EQ(count(r.err, "WARNING: DATA RACE"), 2) << value << ": " << r.err;
  }
  Result r = run("clean", "halt_on_error=TRUE", dir_);
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("0, 1, false, true, no or yes"), std::string::npos) << r.err;
}

// As TSan's check: an unmatched end is the caller's bug, not silently
// absorbed (it would cancel a later begin).
TEST_F(Process, AnIgnoreEndWithoutABeginIsFatal) {
  Result r = run("ignore_end", "report_dir=", dir_);
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("fatal error: gor::race::ignore_end() without a matching ignore_begin()"),
            std::string::npos)
      << r.err;
}

// A schedule option without a seed (or gor::set_deterministic) is unused:
// said, not silent.
TEST_F(Process, ScheduleOptionsWithoutASeedAreNamedUnused) {
  for (const char* unused : {"strategy=pct", "pct_depth=5"}) {
    Result r = run("clean", std::string("report_dir= ") + unused, dir_);
    EXPECT_EQ(r.status, 0) << unused;
    EXPECT_NE(r.err.find("strategy and pct_depth are unused"), std::string::npos)
        << unused << ": " << r.err;
  }
  Result r = run("clean", "report_dir= seed=3 strategy=pct pct_depth=5", dir_);
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.err.find("unused"), std::string::npos) << r.err;
}

}  // namespace
