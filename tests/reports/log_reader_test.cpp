// read_log: bad lines reported as file:line and skipped; merge and dedup
// across logs; a missing file is a clear error.
#include <gtest/gtest.h>

#include "gorace/report/json.hpp"
#include "gorace/report/log_reader.hpp"
#include "gorace/report/model_json.hpp"
#include "gorace/report/writers.hpp"
#include "sample_races.hpp"
#include "test_util.hpp"

namespace gorace::report {
namespace {

std::string race_line(const Race& r) {
  return json::dump(race_to_json(r, fingerprint(r)));
}

TEST(LogReader, BadLinesAreReportedWithFileAndLineAndSkipped) {
  testing::TempDir dir("reader-bad");
  Race other = testing::sample_race();
  other.current.stack[0].line = 30;
  std::string good_race = race_line(testing::sample_race());
  std::string log =
      json::dump(run_to_json(testing::sample_run())) + "\n" +             // 1
      good_race + "\n" +                                                  // 2
      "{\"type\":\"race\",\"version\":1,\"current\":{\"stack\":[]}\n" +   // 3 corrupt (unbalanced)
      "this is not json\n" +                                              // 4 corrupt
      "{\"level\":\"info\",\"msg\":\"hello\"}\n" +                        // 5 foreign
      "\n" +                                                              // 6 blank: ignored
      "{\"type\":\"race\",\"version\":7}\n" +                             // 7 future version
      "{\"type\":\"race\",\"version\":1,\"current\":{\"stack\":[]}}\n" +  // 8 missing previous
      race_line(other) + "\n" +                                           // 9
      good_race.substr(0, good_race.size() / 2);                          // 10 truncated
  std::string path = dir.file("run.jsonl");
  testing::write_file(path, log);

  ReportBuilder builder;
  std::vector<std::string> warnings;
  ReadStats stats =
      read_log(path, builder, {[&](const std::string& w) { warnings.push_back(w); }, {}});
  EXPECT_EQ(stats.lines, 10u);
  EXPECT_EQ(stats.runs, 1u);
  EXPECT_EQ(stats.races, 2u);
  EXPECT_EQ(stats.skipped, 6u);
  ASSERT_EQ(warnings.size(), 6u);
  EXPECT_EQ(warnings[0].rfind(path + ":3: truncated record: ", 0), 0u) << warnings[0];
  EXPECT_EQ(warnings[1].rfind(path + ":4: corrupt record: ", 0), 0u) << warnings[1];
  EXPECT_EQ(warnings[2],
            path + ":5: foreign line: not a gorace record (no \"type\" and \"version\" fields)");
  EXPECT_EQ(warnings[3],
            path + ":7: record version 7 is not supported (this reader knows version 1)");
  EXPECT_EQ(warnings[4], path + ":8: bad race record: missing field \"previous\"");
  EXPECT_EQ(warnings[5].rfind(path + ":10: truncated record: ", 0), 0u) << warnings[5];
  ASSERT_EQ(builder.report().races.size(), 2u);
  EXPECT_EQ(builder.report().runs.size(), 1u);
}

TEST(LogReader, MissingFileIsAClearError) {
  ReportBuilder builder;
  try {
    read_log("/nonexistent/gorace.jsonl", builder);
    FAIL() << "expected LogError";
  } catch (const LogError& e) {
    EXPECT_STREQ(e.what(), "cannot open log /nonexistent/gorace.jsonl: No such file or directory");
  }
  testing::TempDir dir("reader-dir");
  EXPECT_THROW(read_log(dir.path(), builder), LogError);
}

TEST(LogReader, MergesRunsDedupsAndSumsCounts) {
  testing::TempDir dir("reader-merge");
  Race a = testing::sample_race();
  a.count = 3;
  Race b = a;  // same stacks, different addresses and goroutines: same race
  b.current.address = 0x42;
  b.current.goroutine = 12;
  b.count = 4;
  Race c = a;
  c.previous.stack[0].line = 77;
  c.count = 1;
  RunInfo r1 = testing::sample_run();
  RunInfo r2 = r1;
  r2.pid = 5;
  r2.seed = 7;
  testing::write_file(dir.file("1.jsonl"),
                      json::dump(run_to_json(r1)) + "\n" + race_line(a) + "\n");
  testing::write_file(dir.file("2.jsonl"), json::dump(run_to_json(r2)) + "\n" + race_line(b) +
                                               "\n" + race_line(c) + "\n");
  ReportBuilder builder;
  read_log(dir.file("1.jsonl"), builder);
  read_log(dir.file("2.jsonl"), builder);
  const Report& report = builder.report();
  ASSERT_EQ(report.runs.size(), 2u);
  ASSERT_EQ(report.races.size(), 2u);
  EXPECT_EQ(report.races[0].race.count, 7u);
  EXPECT_EQ(report.races[0].runs, (std::vector<size_t>{0, 1}));
  EXPECT_EQ(report.races[1].race.count, 1u);
  EXPECT_EQ(report.races[1].runs, (std::vector<size_t>{1}));
  EXPECT_EQ(report.total_occurrences(), 8u);
}

}  // namespace
}  // namespace gorace::report
