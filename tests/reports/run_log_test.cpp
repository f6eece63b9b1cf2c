// RunLog: dedup with counts, thread safety, file names, size bound, and the
// temp-file-then-rename writes.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <csignal>

#include <algorithm>
#include <filesystem>
#include <stdexcept>
#include <thread>

#include "gorace/report/atomic_file.hpp"
#include "gorace/report/json.hpp"
#include "gorace/report/writers.hpp"
#include "sample_races.hpp"
#include "test_util.hpp"

namespace gorace::report {
namespace {

using testing::TempDir;

/// sample_run() without a seed: its files are named by pid.
RunInfo pid_run() {
  RunInfo run = testing::sample_run();
  run.seed.reset();
  return run;
}

TEST(RunLog, NothingRecordedWritesNothing) {
  TempDir dir("runlog-empty");
  RunLog log(testing::sample_run(), dir.file("out"));
  EXPECT_EQ(log.finish(), "");
  EXPECT_FALSE(std::filesystem::exists(dir.file("out")));
}

TEST(RunLog, DedupsByFingerprintWithCountsAcrossThreads) {
  TempDir dir("runlog-dedup");
  RunLog log(pid_run(), dir.path());
  Race other = testing::sample_race();
  other.current.stack[0].line = 99;
  std::vector<std::thread> threads;
  std::atomic<int> fresh{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 1000; ++i) {
        Race r = (i % 2) ? other : testing::sample_race();
        r.current.address = static_cast<uint64_t>(t * 1000 + i);  // addresses do not split races
        if (log.record(r)) fresh.fetch_add(1);
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(fresh.load(), 2);
  EXPECT_EQ(log.unique_races(), 2u);

  std::string html = log.finish();
  EXPECT_EQ(html, dir.file("prog-4242.html"));
  auto lines = testing::lines_of(testing::read_file(dir.file("prog-4242.jsonl")));
  ASSERT_EQ(lines.size(), 3u);
  json::Value run = json::parse(lines[0]);
  EXPECT_EQ(run.find("type")->as_string(), "run");
  EXPECT_EQ(run.find("version")->as_u64(), 1u);
  uint64_t total = 0;
  for (size_t i = 1; i < 3; ++i) {
    json::Value race = json::parse(lines[i]);
    EXPECT_EQ(race.find("type")->as_string(), "race");
    EXPECT_EQ(race.find("count")->as_u64(), 2000u);
    total += race.find("count")->as_u64();
  }
  EXPECT_EQ(total, 4000u);
  // The HTML report is the full review page of the same races.
  std::string page = testing::read_file(html);
  EXPECT_NE(page.find("id=\"stat-unique\">2<"), std::string::npos);
  EXPECT_NE(page.find("id=\"stat-total\">4000<"), std::string::npos);
  EXPECT_NE(page.find("<svg class=\"timeline\""), std::string::npos);
  // Only the two final files: no temporary left behind.
  auto names = testing::list_dir(dir.path());
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"prog-4242.html", "prog-4242.jsonl"}));
}

// A run that never reaches finish() (it crashed, or a signal killed it)
// keeps every race found in its log: each new race is appended as found.
// After finish() the log holds the counts, and a later race is appended.
TEST(RunLog, EachNewRaceIsInTheLogBeforeFinish) {
  TempDir dir("runlog-live");
  RunLog log(pid_run(), dir.path());
  Race other = testing::sample_race();
  other.current.stack[0].line = 99;
  log.record(testing::sample_race());
  log.record(testing::sample_race());  // an occurrence, not a new line
  log.record(other);
  auto lines = testing::lines_of(testing::read_file(dir.file("prog-4242.jsonl")));
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(json::parse(lines[0]).find("type")->as_string(), "run");
  for (size_t i = 1; i < 3; ++i) {
    json::Value race = json::parse(lines[i]);
    EXPECT_EQ(race.find("type")->as_string(), "race");
    EXPECT_EQ(race.find("count")->as_u64(), 1u);
  }
  EXPECT_FALSE(std::filesystem::exists(dir.file("prog-4242.html")));

  ASSERT_EQ(log.finish(), dir.file("prog-4242.html"));
  lines = testing::lines_of(testing::read_file(dir.file("prog-4242.jsonl")));
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(json::parse(lines[1]).find("count")->as_u64(), 2u);
  Race late = testing::sample_race();
  late.current.stack[0].line = 7;
  log.record(late);
  lines = testing::lines_of(testing::read_file(dir.file("prog-4242.jsonl")));
  EXPECT_EQ(lines.size(), 4u);
}

TEST(RunLog, MillionOccurrencesStayUnderOneMegabyte) {
  TempDir dir("runlog-million");
  RunLog log(pid_run(), dir.path());
  Race r = testing::sample_race();
  for (int i = 0; i < 1000000; ++i) log.record(r);
  std::string html = log.finish();
  ASSERT_FALSE(html.empty());
  std::string jsonl = dir.file("prog-4242.jsonl");
  EXPECT_LT(std::filesystem::file_size(jsonl), 1u << 20);
  EXPECT_LT(std::filesystem::file_size(html), 1u << 20);
  auto lines = testing::lines_of(testing::read_file(jsonl));
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(json::parse(lines[1]).find("count")->as_u64(), 1000000u);
}

TEST(RunLog, FinishAgainRewritesWithNewCounts) {
  TempDir dir("runlog-again");
  RunInfo run = pid_run();
  run.program = "weird name/../x y";  // only the base name, sanitised, is used
  RunLog log(run, dir.path());
  log.record(testing::sample_race());
  EXPECT_EQ(log.finish(), dir.file("x_y-4242.html"));
  log.record(testing::sample_race());
  log.finish();
  auto lines = testing::lines_of(testing::read_file(dir.file("x_y-4242.jsonl")));
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(json::parse(lines[1]).find("count")->as_u64(), 2u);
}

TEST(RunLog, DeterministicRunIsNamedBySeed) {
  TempDir dir("runlog-seed");
  RunInfo run = testing::sample_run();
  run.seed = 77;
  run.args.clear();
  RunLog log(run, dir.path());
  log.record(testing::sample_race());
  EXPECT_EQ(log.finish(), dir.file("prog-seed77.html"));
  EXPECT_TRUE(std::filesystem::exists(dir.file("prog-seed77.jsonl")));
}

// A replay (same seed, same arguments) writes its run's files again; runs
// of one seed with other arguments keep their own.
TEST(RunLog, DeterministicRunsWithOtherArgumentsKeepTheirOwnLogs) {
  TempDir dir("runlog-seed-args");
  const auto html_of = [&](std::vector<std::string> args) {
    RunInfo run = testing::sample_run();
    run.seed = 5;
    run.args = std::move(args);
    RunLog log(run, dir.path());
    log.record(testing::sample_race());
    return log.finish();
  };
  const std::string first = html_of({"--mode", "a"});
  EXPECT_EQ(html_of({"--mode", "a"}), first);
  EXPECT_NE(html_of({"--mode", "b"}), first);
  EXPECT_NE(html_of({"--mode", "a", ""}), first);
  EXPECT_EQ(first.rfind(dir.file("prog-seed5-"), 0), 0u) << first;
}

TEST(RunLog, UnwritableDirectoryReportsAndReturnsEmpty) {
  TempDir dir("runlog-bad");
  testing::write_file(dir.file("file"), "x");
  RunLog log(testing::sample_run(), dir.file("file"));  // a file, not a directory
  log.record(testing::sample_race());
  ::testing::internal::CaptureStderr();
  EXPECT_EQ(log.finish(), "");
  std::string err = ::testing::internal::GetCapturedStderr();
  EXPECT_NE(err.find("gorace: cannot write the race report"), std::string::npos) << err;
}

// A log that cannot get its first lines (a full disk: here a file size
// limit of 0) is removed, not left empty for gorace-report to trip on.
TEST(RunLog, LogWhoseFirstWriteFailsIsRemoved) {
  TempDir dir("runlog-full");
  RunLog log(pid_run(), dir.path());
  rlimit old{};
  ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &old), 0);
  rlimit none = old;
  none.rlim_cur = 0;
  auto old_handler = std::signal(SIGXFSZ, SIG_IGN);  // the write fails with EFBIG instead
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &none), 0);
  log.record(testing::sample_race());
  ::setrlimit(RLIMIT_FSIZE, &old);
  std::signal(SIGXFSZ, old_handler);
  EXPECT_TRUE(testing::list_dir(dir.path()).empty());
}

TEST(AtomicFile, FailedProducerLeavesOldContentAndNoTemporary) {
  TempDir dir("atomic");
  std::string target = dir.file("report.html");
  testing::write_file(target, "old complete report");
  EXPECT_THROW(
      write_file_atomically(target,
                            [](const ChunkSink& sink) {
                              sink(std::string(1 << 17, 'x'));  // large enough to hit the disk
                              throw std::runtime_error("crash mid-write");
                            }),
      std::runtime_error);
  EXPECT_EQ(testing::read_file(target), "old complete report");
  EXPECT_EQ(testing::list_dir(dir.path()), std::vector<std::string>{"report.html"});

  write_file_atomically(target, "new");
  EXPECT_EQ(testing::read_file(target), "new");
  EXPECT_EQ(testing::list_dir(dir.path()), std::vector<std::string>{"report.html"});
}

TEST(AtomicFile, MissingDirectoryIsAClearError) {
  try {
    write_file_atomically("/nonexistent-dir-gorace/x.html", "x");
    FAIL() << "expected an error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent-dir-gorace/x.html"), std::string::npos)
        << e.what();
  }
}

// A symbolic link is written through: the file it names gets the content
// (atomically, as any regular file), and the link stays a link.
TEST(AtomicFile, SymlinkIsFollowedAndKept) {
  TempDir dir("atomic-link");
  std::filesystem::create_directory(dir.file("real"));
  std::filesystem::create_symlink("real/target.html", dir.file("link.html"));
  write_file_atomically(dir.file("link.html"), "through the link");
  EXPECT_TRUE(std::filesystem::is_symlink(dir.file("link.html")));
  EXPECT_EQ(testing::read_file(dir.file("real/target.html")), "through the link");
  EXPECT_EQ(testing::list_dir(dir.file("real")), std::vector<std::string>{"target.html"});
  std::vector<std::string> top = testing::list_dir(dir.path());
  std::sort(top.begin(), top.end());
  EXPECT_EQ(top, (std::vector<std::string>{"link.html", "real"}));
}

// A FIFO (like a device) is written into, not replaced by a regular file.
TEST(AtomicFile, FifoIsWrittenNotReplaced) {
  TempDir dir("atomic-fifo");
  const std::string fifo = dir.file("out.fifo");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  // The read end, open before the write (so it does not wait for a reader);
  // the content fits the pipe's buffer. Had the FIFO been replaced, its
  // read end would see no writer and read nothing.
  const int reader = ::open(fifo.c_str(), O_RDONLY | O_NONBLOCK);
  ASSERT_GE(reader, 0);
  write_file_atomically(fifo, "into the pipe");
  std::string received;
  char buf[4096];
  for (ssize_t n; (n = ::read(reader, buf, sizeof buf)) > 0;) received.append(buf, size_t(n));
  ::close(reader);
  EXPECT_EQ(received, "into the pipe");
  EXPECT_TRUE(std::filesystem::is_fifo(fifo));
  EXPECT_EQ(testing::list_dir(dir.path()), std::vector<std::string>{"out.fifo"});
}

}  // namespace
}  // namespace gorace::report
