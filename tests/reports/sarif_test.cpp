// SARIF 2.1.0: parse our output back and check the shape GitHub code
// scanning requires.
#include <gtest/gtest.h>

#include "demo_report.hpp"
#include "gorace/report/json.hpp"
#include "gorace/report/sarif.hpp"

namespace gorace::report {
namespace {

const json::Value& at(const json::Value& v, std::string_view key) {
  const json::Value* m = v.find(key);
  if (!m) throw std::runtime_error("missing " + std::string(key));
  return *m;
}

json::Value demo_sarif() {
  SarifOptions o;
  o.source_root = GORACE_TEST_SOURCE_DIR;
  // Serialise and parse back: the test sees exactly what a consumer sees.
  return json::parse(json::dump(to_sarif(testing::demo_report(), o), {false, 2}));
}

TEST(Sarif, TopLevelAndDriver) {
  json::Value log = demo_sarif();
  EXPECT_EQ(at(log, "version").as_string(), "2.1.0");
  EXPECT_EQ(at(log, "$schema").as_string(), "https://json.schemastore.org/sarif-2.1.0.json");
  ASSERT_EQ(at(log, "runs").items().size(), 1u);
  const json::Value& run = at(log, "runs").items()[0];
  const json::Value& driver = at(at(run, "tool"), "driver");
  EXPECT_EQ(at(driver, "name").as_string(), "gorace");
  EXPECT_FALSE(at(driver, "version").as_string().empty());
  ASSERT_EQ(at(driver, "rules").items().size(), 1u);
  const json::Value& rule = at(driver, "rules").items()[0];
  EXPECT_EQ(at(rule, "id").as_string(), "data-race");
  EXPECT_FALSE(at(at(rule, "shortDescription"), "text").as_string().empty());
  EXPECT_EQ(at(at(rule, "defaultConfiguration"), "level").as_string(), "error");
  std::string root = at(at(at(run, "originalUriBaseIds"), "SRCROOT"), "uri").as_string();
  EXPECT_EQ(root, "file://" + std::string(GORACE_TEST_SOURCE_DIR) + "/");
}

TEST(Sarif, OneResultPerRaceWithLocationsFlowsAndFingerprints) {
  Report report = testing::demo_report();
  json::Value log = demo_sarif();
  const auto& results = at(at(log, "runs").items()[0], "results").items();
  ASSERT_EQ(results.size(), report.races.size());
  for (size_t i = 0; i < results.size(); ++i) {
    const json::Value& res = results[i];
    const Race& race = report.races[i].race;
    EXPECT_EQ(at(res, "ruleId").as_string(), "data-race");
    EXPECT_EQ(at(res, "ruleIndex").as_u64(), 0u);
    EXPECT_FALSE(at(at(res, "message"), "text").as_string().empty());
    EXPECT_EQ(at(at(res, "partialFingerprints"), "goraceStackPair/v2").as_string(),
              report.races[i].fingerprint);

    ASSERT_EQ(at(res, "locations").items().size(), 1u);
    const json::Value& phys = at(at(res, "locations").items()[0], "physicalLocation");
    EXPECT_EQ(at(at(phys, "region"), "startLine").as_u64(), race.current.stack[0].line);
    ASSERT_EQ(at(res, "relatedLocations").items().size(), 1u);
    const json::Value& related = at(res, "relatedLocations").items()[0];
    EXPECT_EQ(at(related, "id").as_u64(), 1u);
    EXPECT_EQ(at(at(at(related, "physicalLocation"), "region"), "startLine").as_u64(),
              race.previous.stack[0].line);

    const auto& flows = at(res, "codeFlows").items();
    ASSERT_EQ(flows.size(), 1u);
    const auto& threads = at(flows[0], "threadFlows").items();
    ASSERT_EQ(threads.size(), 2u);  // one per goroutine
    for (const json::Value& t : threads) {
      const auto& steps = at(t, "locations").items();
      ASSERT_FALSE(steps.empty());
      // The last step is the access itself.
      EXPECT_EQ(at(steps.back(), "importance").as_string(), "essential");
      EXPECT_TRUE(at(at(steps.back(), "location"), "physicalLocation").is_object());
    }
  }
  // Paths under the source root are relative to SRCROOT; others are absolute file: URIs.
  const json::Value& first = at(at(results[0], "locations").items()[0], "physicalLocation");
  EXPECT_EQ(at(at(first, "artifactLocation"), "uri").as_string(), "fixtures/bank.cpp");
  EXPECT_EQ(at(at(first, "artifactLocation"), "uriBaseId").as_string(), "SRCROOT");
  EXPECT_EQ(at(at(first, "region"), "startColumn").as_u64(), 13u);
  const json::Value& missing = at(at(results[3], "locations").items()[0], "physicalLocation");
  EXPECT_EQ(at(at(missing, "artifactLocation"), "uri").as_string(),
            "file:///nonexistent/lib/cache.cpp");
  EXPECT_EQ(at(missing, "artifactLocation").find("uriBaseId"), nullptr);
}

TEST(Sarif, AccessWithoutPositionsStillHasAThreadFlowStep) {
  Report report = testing::demo_report();
  report.races.resize(1);
  report.races[0].race.previous.stack.clear();
  report.races[0].race.previous_events.clear();
  json::Value log = json::parse(json::dump(to_sarif(report, {})));
  const json::Value& res = at(at(log, "runs").items()[0], "results").items()[0];
  EXPECT_TRUE(at(res, "relatedLocations").items().empty());
  const json::Value& prev_flow = at(at(res, "codeFlows").items()[0], "threadFlows").items()[1];
  ASSERT_EQ(at(prev_flow, "locations").items().size(), 1u);  // SARIF: minItems 1
  EXPECT_EQ(
      at(at(at(at(prev_flow, "locations").items()[0], "location"), "message"), "text").as_string(),
      "previous read by main goroutine (no source position recorded)");
}

// A result keeps a location (code scanning rejects one without) when its
// current access has no source position: the previous access's.
TEST(Sarif, ResultWithoutTheCurrentPositionIsLocatedAtThePrevious) {
  Report report = testing::demo_report();
  report.races.resize(1);
  report.races[0].race.current.stack.clear();
  json::Value log = json::parse(json::dump(to_sarif(report, {})));
  const json::Value& res = at(at(log, "runs").items()[0], "results").items()[0];
  ASSERT_EQ(at(res, "locations").items().size(), 1u);
  const json::Value& region = at(at(at(res, "locations").items()[0], "physicalLocation"), "region");
  EXPECT_EQ(at(region, "startLine").as_u64(), report.races[0].race.previous.stack[0].line);
}

// A race with no source position in either stack still has a location
// (code scanning drops a result without one): the program's file, with no
// region, as SARIF 2.1.0 allows (physicalLocation needs only one of
// artifactLocation and address).
TEST(Sarif, ResultWithoutAnyPositionIsLocatedAtTheProgram) {
  Report report = testing::demo_report();
  report.races.resize(1);
  report.races[0].race.current.stack.clear();
  report.races[0].race.previous.stack.clear();
  json::Value log = json::parse(json::dump(to_sarif(report, {})));
  const json::Value& res = at(at(log, "runs").items()[0], "results").items()[0];
  ASSERT_EQ(at(res, "locations").items().size(), 1u);
  const json::Value& location = at(res, "locations").items()[0];
  const json::Value& physical = at(location, "physicalLocation");
  EXPECT_EQ(at(at(physical, "artifactLocation"), "uri").as_string(),
            "file://" + report.runs[report.races[0].runs.front()].program);
  EXPECT_EQ(physical.find("region"), nullptr);
  EXPECT_NE(at(at(location, "message"), "text").as_string().find("no source position"),
            std::string::npos);
}

// Code scanning places the alert on the program's line: frames of the
// runtime's operations (gor::Chan::close in chan.cpp) and of library
// headers (std::map's stl_tree.h) above it are skipped.
TEST(Sarif, ResultIsLocatedAtTheProgramsFrame) {
  Report report = testing::demo_report();
  report.races.resize(1);
  Stack& stack = report.races[0].race.current.stack;
  const Frame program = stack.front();
  stack.insert(stack.begin(), Frame{"std::_Rb_tree<int, int>::_M_insert_unique",
                                    "/usr/include/c++/12/bits/stl_tree.h", 2105, 3});
  stack.insert(stack.begin(),
               Frame{"gor::Chan::close", "/src/gorace/runtime/src/chan/chan.cpp", 241, 0});
  json::Value log = json::parse(json::dump(to_sarif(report, {})));
  const json::Value& res = at(at(log, "runs").items()[0], "results").items()[0];
  const json::Value& physical = at(at(res, "locations").items()[0], "physicalLocation");
  EXPECT_EQ(at(at(physical, "region"), "startLine").as_u64(), program.line);
  EXPECT_NE(at(at(physical, "artifactLocation"), "uri")
                .as_string()
                .find(program.file.substr(program.file.rfind('/') + 1)),
            std::string::npos);
}

TEST(Sarif, UrisArePercentEncoded) {
  Report report = testing::demo_report();
  report.races.resize(1);
  report.races[0].race.current.stack[0].file = "/root/dir with space/a#b.cpp";
  SarifOptions o;
  o.source_root = "/root";
  json::Value log = json::parse(json::dump(to_sarif(report, o)));
  const json::Value& res = at(at(log, "runs").items()[0], "results").items()[0];
  EXPECT_EQ(
      at(at(at(at(res, "locations").items()[0], "physicalLocation"), "artifactLocation"), "uri")
          .as_string(),
      "dir%20with%20space/a%23b.cpp");
}

}  // namespace
}  // namespace gorace::report
