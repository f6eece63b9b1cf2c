// gorace-report, the command-line tool: usage errors, text, html and sarif
// over several logs (merged, deduplicated, counted), bad lines, missing files.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>

#include "gorace/report/json.hpp"
#include "gorace/report/writers.hpp"
#include "sample_races.hpp"
#include "test_util.hpp"

namespace gorace::report {
namespace {

struct Result {
  int status = -1;
  std::string out, err;
};

/// Runs gorace-report with `args` (already shell-quoted as needed).
Result tool(const std::string& args, const std::string& dir) {
  std::string err_file = dir + "/stderr.txt";
  std::string cmd = std::string(GORACE_REPORT_TOOL) + " " + args + " 2>" + err_file;
  Result r;
  FILE* p = ::popen(cmd.c_str(), "r");
  if (!p) return r;
  char buf[65536];
  for (size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) r.out.append(buf, n);
  int status = ::pclose(p);
  r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.err = testing::read_file(err_file);
  return r;
}

/// Two runs' logs: run A (pid 100) saw race X twice; run B (seed 7) saw X once and Y once.
std::vector<std::string> write_two_logs(const testing::TempDir& dir) {
  Race x = testing::sample_race();
  Race y = x;
  y.previous.stack[0].line = 44;
  RunInfo a = testing::sample_run();
  a.pid = 100;
  a.seed.reset();
  RunInfo b = a;
  b.pid = 200;
  b.seed = 7;
  {
    RunLog log(a, dir.path());
    log.record(x);
    x.current.goroutine = 8;  // another goroutine, same race
    log.record(x);
    log.finish();
  }
  std::string seeded;  // prog-seed7-<hash of its arguments>.html
  {
    RunLog log(b, dir.path());
    log.record(x);
    log.record(y);
    seeded = log.finish();
  }
  return {dir.file("prog-100.jsonl"), seeded.substr(0, seeded.size() - 5) + ".jsonl"};
}

TEST(Tool, UsageErrorsNameTheProblem) {
  testing::TempDir dir("tool-usage");
  struct Case {
    std::string args, message;
  } cases[] = {
      {"", "missing command"},
      {"frobnicate x.jsonl", "unknown command \"frobnicate\""},
      {"html --bogus x.jsonl -o y", "unknown flag --bogus"},
      {"html x.jsonl", "html needs an output file: -o FILE"},
      {"sarif", "no log files given"},
      {"text x.jsonl -o", "flag -o needs a value"},
      {"text --source-root /src x.jsonl", "--source-root applies to html and sarif only"},
  };
  for (const Case& c : cases) {
    Result r = tool(c.args, dir.path());
    EXPECT_EQ(r.status, 2) << c.args;
    EXPECT_NE(r.err.find("gorace-report: " + c.message), std::string::npos) << c.args << "\n"
                                                                            << r.err;
    EXPECT_NE(r.err.find("usage: gorace-report"), std::string::npos);
  }
  Result help = tool("--help", dir.path());
  EXPECT_EQ(help.status, 0);
  EXPECT_NE(help.out.find("usage: gorace-report"), std::string::npos);
}

TEST(Tool, MissingLogIsAClearError) {
  testing::TempDir dir("tool-missing");
  Result r = tool("text /nonexistent/run.jsonl", dir.path());
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.err,
            "gorace-report: cannot open log /nonexistent/run.jsonl: No such file or directory\n");
}

// A file without a single record (garbage, another JSON) is not rendered as
// "0 races": the tool names it and writes nothing.
TEST(Tool, ALogWithNoRecordIsAnError) {
  testing::TempDir dir("tool-no-records");
  auto logs = write_two_logs(dir);
  testing::write_file(dir.file("other.jsonl"), "[1,2,3]\n{\"a\": 1}\n");
  std::string out = dir.file("out.html");
  Result r = tool("html " + logs[0] + " " + dir.file("other.jsonl") + " -o " + out, dir.path());
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_NE(r.err.find(dir.file("other.jsonl") + ": no gorace run or race record in 2 lines"),
            std::string::npos)
      << r.err;
  EXPECT_FALSE(std::filesystem::exists(out));
}

// An empty log (left by a run that could not write it) is skipped with a
// warning naming it; the other logs are rendered. Only empty logs: nothing
// is written.
TEST(Tool, AnEmptyLogIsSkippedWithAWarning) {
  testing::TempDir dir("tool-empty-log");
  auto logs = write_two_logs(dir);
  testing::write_file(dir.file("empty.jsonl"), "");
  const std::string out = dir.file("out.html");
  Result r = tool("html " + logs[0] + " " + dir.file("empty.jsonl") + " " + logs[1] + " -o " + out,
                  dir.path());
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.err.find("gorace-report: " + dir.file("empty.jsonl") + ": empty log, skipped"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("wrote " + out + " (2 unique races)"), std::string::npos) << r.err;
  Result only_empty =
      tool("text " + dir.file("empty.jsonl") + " " + dir.file("empty.jsonl"), dir.path());
  EXPECT_EQ(only_empty.status, 1);
  EXPECT_NE(
      only_empty.err.find(dir.file("empty.jsonl") + ": no gorace run or race record in 0 lines"),
      std::string::npos)
      << only_empty.err;
}

// A report that cannot be written to standard output (a full disk, a closed
// descriptor) fails the run, naming the reason.
TEST(Tool, AFailedWriteToStandardOutputFailsTheRun) {
  testing::TempDir dir("tool-stdout-error");
  auto logs = write_two_logs(dir);
  for (const std::string& command :
       {"text " + logs[0], "html " + logs[0] + " -o -", "sarif " + logs[0] + " -o -"}) {
    Result r = tool(command + " >&-", dir.path());
    EXPECT_EQ(r.status, 1) << command << "\n" << r.err;
    EXPECT_NE(r.err.find("gorace-report: cannot write to standard output: "), std::string::npos)
        << command << "\n"
        << r.err;
  }
}

// A flag's value given as the next argument may not look like a flag; a
// value that starts with '-' is given inline.
TEST(Tool, AValueThatLooksLikeAFlagIsRefused) {
  testing::TempDir dir("tool-dash-value");
  auto logs = write_two_logs(dir);
  Result r = tool("html --title -o x.html " + logs[0], dir.path());
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("gorace-report: flag --title needs a value, not the flag -o (write "
                       "--title=-o for a value that starts with '-')"),
            std::string::npos)
      << r.err;
  const std::string out = dir.file("dash.html");
  Result inline_value = tool("html --title=-dashed -o " + out + " " + logs[0], dir.path());
  EXPECT_EQ(inline_value.status, 0) << inline_value.err;
  EXPECT_NE(testing::read_file(out).find("-dashed"), std::string::npos);
  Result help = tool("--help", dir.path());
  EXPECT_NE(help.out.find("-o, --output FILE          html, sarif: output file"), std::string::npos)
      << help.out;
}

// A compressed log is named as such, with the way to read it.
TEST(Tool, ACompressedLogSaysHowToReadIt) {
  testing::TempDir dir("tool-gzip");
  testing::write_file(dir.file("run.jsonl.gz"), std::string("\x1f\x8b\x08\x00junk\n\x01\x02\n"));
  Result r = tool("text " + dir.file("run.jsonl.gz"), dir.path());
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_NE(r.err.find("gzip-compressed data, not a log: decompress it first (zcat '" +
                       dir.file("run.jsonl.gz") + "'"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(r.err.find("corrupt record"), std::string::npos) << r.err;
}

// An output path that cannot be created is named, not its temporary file.
TEST(Tool, AnUncreatableOutputIsNamed) {
  testing::TempDir dir("tool-no-dir");
  auto logs = write_two_logs(dir);
  Result r = tool("sarif " + logs[0] + " -o /nonexistent/dir/x.sarif", dir.path());
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_NE(r.err.find("cannot create /nonexistent/dir/x.sarif: No such file or directory"),
            std::string::npos)
      << r.err;
}

// The output may not be one of the logs read: the log would be lost.
TEST(Tool, RefusesToOverwriteALogItReads) {
  testing::TempDir dir("tool-overwrite");
  auto logs = write_two_logs(dir);
  const std::string before = testing::read_file(logs[0]);
  Result r = tool("html " + logs[0] + " " + logs[1] + " -o " + logs[0], dir.path());
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_NE(r.err.find("is the log " + logs[0] + " being read"), std::string::npos) << r.err;
  EXPECT_EQ(testing::read_file(logs[0]), before);
}

TEST(Tool, VersionNamesTheRelease) {
  testing::TempDir dir("tool-version");
  Result r = tool("--version", dir.path());
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "gorace-report " GORACE_VERSION "\n");
}

// A log of '-' is standard input (a pipe from another tool, or a
// compressed log: zcat run.jsonl.gz | gorace-report text -).
TEST(Tool, ReadsALogFromStandardInput) {
  testing::TempDir dir("tool-stdin");
  auto logs = write_two_logs(dir);
  Result piped = tool("text - " + logs[1] + " < " + logs[0], dir.path());
  EXPECT_EQ(piped.status, 0) << piped.err;
  EXPECT_NE(piped.out.find("Found 2 unique data races (4 occurrences) in 2 runs\n"),
            std::string::npos)
      << piped.out;
  Result empty = tool("text - < /dev/null", dir.path());
  EXPECT_EQ(empty.status, 1);
  EXPECT_NE(empty.err.find("-: no gorace run or race record in 0 lines"), std::string::npos)
      << empty.err;
}

// Writes the log of a non-deterministic run with pid `pid` and one race in
// `dir`; returns its path.
std::string write_one_race_log(const testing::TempDir& dir, int64_t pid) {
  RunInfo run = testing::sample_run();
  run.pid = pid;
  run.seed.reset();
  RunLog log(run, dir.path());
  log.record(testing::sample_race());
  log.finish();
  return dir.file("prog-" + std::to_string(pid) + ".jsonl");
}

TEST(Tool, OneOccurrenceIsSingular) {
  testing::TempDir dir("tool-one");
  Result r = tool("text " + write_one_race_log(dir, 300), dir.path());
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("Found 1 unique data race (1 occurrence) in 1 run\n"), std::string::npos)
      << r.out;
}

// The same run read twice (a log given twice, or a copy of it) is one run.
TEST(Tool, ARunReadTwiceCountsOnce) {
  testing::TempDir dir("tool-twice");
  const std::string log = write_one_race_log(dir, 301);
  Result r = tool("text " + log + " " + log, dir.path());
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("Found 1 unique data race (1 occurrence) in 1 run\n"), std::string::npos)
      << r.out;
  EXPECT_NE(r.err.find("was read already; its races are counted once"), std::string::npos) << r.err;
}

TEST(Tool, TextMergesAndCounts) {
  testing::TempDir dir("tool-text");
  auto logs = write_two_logs(dir);
  Result r = tool("text " + logs[0] + " " + logs[1], dir.path());
  EXPECT_EQ(r.status, 0) << r.err;
  size_t n = 0;
  for (size_t p = r.out.find("WARNING: DATA RACE"); p != std::string::npos;
       p = r.out.find("WARNING: DATA RACE", p + 1))
    ++n;
  EXPECT_EQ(n, 2u) << r.out;
  EXPECT_NE(r.out.find("Found 2 unique data races (4 occurrences) in 2 runs\n"), std::string::npos)
      << r.out;
}

TEST(Tool, ProgressFlagReportsEveryLog) {
  testing::TempDir dir("tool-progress");
  auto logs = write_two_logs(dir);
  Result r = tool("text --progress " + logs[0] + " " + logs[1], dir.path());
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.err.find("gorace-report: reading log 1 of 2 (2 lines), 1 unique race so far"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("gorace-report: reading log 2 of 2 (3 lines), 2 unique races so far"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("gorace-report: read 2 logs: 2 unique races, 4 occurrences"),
            std::string::npos)
      << r.err;
  // Without the flag a quick merge prints no progress.
  EXPECT_EQ(tool("text " + logs[0] + " " + logs[1], dir.path()).err, "");
}

TEST(Tool, HtmlMergesRunsAndSkipsBadLines) {
  testing::TempDir dir("tool-html");
  auto logs = write_two_logs(dir);
  // Damage the second log: a corrupt line in the middle, a truncated one at the end.
  std::string text = testing::read_file(logs[1]);
  auto lines = testing::lines_of(text);
  ASSERT_EQ(lines.size(), 3u);
  testing::write_file(
      logs[1], lines[0] + "\n" + lines[1] + "\n{oops\n" + lines[2] + "\n" + lines[2].substr(0, 40));
  std::string out = dir.file("merged.html");
  Result r = tool("html " + logs[0] + " " + logs[1] + " -o " + out, dir.path());
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.err.find(logs[1] + ":3: corrupt record: "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(logs[1] + ":5: truncated record: "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("skipped 2 bad lines"), std::string::npos) << r.err;
  std::string html = testing::read_file(out);
  EXPECT_NE(html.find("id=\"stat-unique\">2<"), std::string::npos);
  EXPECT_NE(html.find("id=\"stat-total\">4<"), std::string::npos);
  EXPECT_NE(html.find("id=\"stat-runs\">2<"), std::string::npos);
  // Race X was seen by both runs; the seeded run gives a replay command.
  EXPECT_NE(html.find("<a href=\"#run-1\">run #1</a>, <a href=\"#run-2\">run #2</a> (seed 7)"),
            std::string::npos);
  EXPECT_NE(html.find("gorace replay --seed 7 --strategy random -- /tmp/bin/prog --flag &#39;value "
                      "with &quot;quotes&quot; and "
                      "&lt;/script&gt;&#39;"),
            std::string::npos);
  // The two runs' .jsonl and .html, stderr.txt and the output: no temporaries.
  EXPECT_EQ(testing::list_dir(dir.path()).size(), 6u);
}

TEST(Tool, SarifIsValidJsonWithOneResultPerUniqueRace) {
  testing::TempDir dir("tool-sarif");
  auto logs = write_two_logs(dir);
  std::string out = dir.file("races.sarif");
  Result r = tool("sarif --source-root=/src " + logs[0] + " " + logs[1] + " -o " + out, dir.path());
  EXPECT_EQ(r.status, 0) << r.err;
  json::Value log = json::parse(testing::read_file(out));
  const json::Value& run = log.find("runs")->items()[0];
  EXPECT_EQ(run.find("results")->items().size(), 2u);
  const json::Value& loc = run.find("results")->items()[0].find("locations")->items()[0];
  EXPECT_EQ(loc.find("physicalLocation")->find("artifactLocation")->find("uri")->as_string(),
            "prog.cpp");
}

// Stripped paths are relative to the stripped directory: it is SRCROOT
// (it was the current directory, where the files do not exist).
TEST(Tool, SarifRootIsTheStrippedDirectory) {
  testing::TempDir dir("tool-sarif-strip");
  auto logs = write_two_logs(dir);
  std::string out = dir.file("races.sarif");
  Result r = tool("sarif --strip-path-prefix /src/ " + logs[0] + " -o " + out, dir.path());
  EXPECT_EQ(r.status, 0) << r.err;
  json::Value log = json::parse(testing::read_file(out));
  const json::Value& run = log.find("runs")->items()[0];
  EXPECT_EQ(run.find("originalUriBaseIds")->find("SRCROOT")->find("uri")->as_string(),
            "file:///src/");
  const json::Value& loc = run.find("results")->items()[0].find("locations")->items()[0];
  EXPECT_EQ(loc.find("physicalLocation")->find("artifactLocation")->find("uri")->as_string(),
            "prog.cpp");
}

}  // namespace
}  // namespace gorace::report
