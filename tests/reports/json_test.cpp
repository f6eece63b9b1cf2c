// The JSON layer: parser strictness, exact 64-bit numbers, escaping, and the
// full race model's round trip through its JSON Lines form.
#include <gtest/gtest.h>

#include "gorace/report/json.hpp"
#include "gorace/report/model_json.hpp"
#include "gorace/report/writers.hpp"
#include "sample_races.hpp"

namespace gorace::report {
namespace {

bool same_frame(const Frame& a, const Frame& b) {
  return a.function == b.function && a.file == b.file && a.line == b.line && a.column == b.column;
}
bool same_stack(const Stack& a, const Stack& b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), same_frame);
}
void expect_same_access(const Access& a, const Access& b) {
  EXPECT_EQ(a.goroutine, b.goroutine);
  EXPECT_EQ(a.thread, b.thread);
  EXPECT_EQ(a.is_write, b.is_write);
  EXPECT_EQ(a.is_atomic, b.is_atomic);
  EXPECT_EQ(a.size, b.size);
  EXPECT_EQ(a.address, b.address);
  EXPECT_TRUE(same_stack(a.stack, b.stack));
}
void expect_same_chain(const std::vector<Goroutine>& a, const std::vector<Goroutine>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].id, b[i].id);
    EXPECT_EQ(a[i].thread, b[i].thread);
    EXPECT_EQ(a[i].is_main, b[i].is_main);
    EXPECT_EQ(a[i].running, b[i].running);
    EXPECT_TRUE(same_stack(a[i].created_at, b[i].created_at));
  }
}
void expect_same_events(const std::vector<SyncEvent>& a, const std::vector<SyncEvent>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].kind, b[i].kind);
    EXPECT_EQ(a[i].what, b[i].what);
    EXPECT_EQ(a[i].object, b[i].object);
    EXPECT_EQ(a[i].epoch, b[i].epoch);
    EXPECT_TRUE(same_frame(a[i].where, b[i].where));
  }
}

Race round_trip(const Race& r) {
  return race_from_json(json::parse(json::dump(race_to_json(r, fingerprint(r)))));
}

TEST(Json, ParsesAndRejects) {
  json::Value v =
      json::parse(R"( {"a":[1,-2,3.5e2,true,false,null],"b":"x\u00e9\ud83d\ude00\n"} )");
  EXPECT_EQ(v.find("a")->items()[1].as_i64(), -2);
  EXPECT_EQ(v.find("a")->items()[2].as_double(), 350.0);
  EXPECT_EQ(v.find("b")->as_string(), "x\xc3\xa9\xf0\x9f\x98\x80\n");
  for (const char* bad :
       {"", "{", "{\"a\":}", "[1,]", "01", "\"\x01\"", "tru", "{} x", "\"\\q\"", "[1 2]"})
    EXPECT_THROW(json::parse(bad), json::Error) << bad;
  EXPECT_THROW(json::parse(std::string(200, '[') + std::string(200, ']')),
               json::Error);  // depth limit
}

TEST(Json, SixtyFourBitIntegersAreExact) {
  json::Value v = json::parse("[18446744073709551615, -9223372036854775808]");
  EXPECT_EQ(v.items()[0].as_u64(), UINT64_MAX);
  EXPECT_EQ(v.items()[1].as_i64(), INT64_MIN);
  EXPECT_THROW(json::parse("18446744073709551616").as_u64(), json::Error);
  EXPECT_THROW(json::parse("-1").as_u64(), json::Error);
  EXPECT_THROW(json::parse("\"1\"").as_u64(), json::Error);
}

TEST(Json, EscapesForHtmlAndRepairsUtf8) {
  json::DumpOptions html;
  html.escape_html = true;
  std::string out = json::dump(json::Value("</script><script>alert(1)</script>&"), html);
  EXPECT_EQ(out.find('<'), std::string::npos);
  EXPECT_EQ(out.find('>'), std::string::npos);
  EXPECT_EQ(json::parse(out).as_string(), "</script><script>alert(1)</script>&");
  // An invalid byte becomes U+FFFD; control characters are escaped.
  std::string repaired = json::dump(json::Value(std::string("a\xff\x01z")));
  EXPECT_EQ(repaired, "\"a\xef\xbf\xbd\\u0001z\"");
}

TEST(ModelJson, FullRaceRoundTrips) {
  Race r = testing::sample_race();
  r.count = 123456789012ull;
  r.current.is_atomic = true;
  r.current.address = UINT64_MAX;
  Race back = round_trip(r);
  expect_same_access(r.current, back.current);
  expect_same_access(r.previous, back.previous);
  expect_same_chain(r.current_chain, back.current_chain);
  expect_same_chain(r.previous_chain, back.previous_chain);
  expect_same_events(r.current_events, back.current_events);
  expect_same_events(r.previous_events, back.previous_events);
  EXPECT_EQ(back.count, r.count);
  EXPECT_EQ(back.location.kind, Location::Kind::kHeap);
  EXPECT_EQ(back.location.block_start, r.location.block_start);
  EXPECT_EQ(back.location.block_size, r.location.block_size);
  EXPECT_EQ(back.location.alloc_goroutine, r.location.alloc_goroutine);
  EXPECT_TRUE(same_stack(back.location.alloc_stack, r.location.alloc_stack));
  EXPECT_EQ(fingerprint(back), fingerprint(r));
}

// A thread's number (field "thread", absent for goroutines and in older
// logs) round-trips in accesses and chains.
TEST(ModelJson, ThreadNumbersRoundTrip) {
  Race r = testing::sample_race();
  r.current.goroutine = 0;
  r.current.thread = 5;
  r.current_chain = {Goroutine{0, false, true, {{"main", "/src/prog.cpp", 20, 3}}, 5},
                     Goroutine{0, false, true, {}, 1}};
  Race back = round_trip(r);
  expect_same_access(r.current, back.current);
  expect_same_chain(r.current_chain, back.current_chain);
  EXPECT_EQ(json::dump(race_to_json(testing::sample_race(), "x")).find("\"thread\""),
            std::string::npos);
}

TEST(ModelJson, GlobalAndStackLocationsRoundTrip) {
  Race r = testing::sample_race();
  r.location = Location{};
  r.location.kind = Location::Kind::kGlobal;
  r.location.global_name = "g_counter";
  r.location.block_start = 0x4000;
  r.location.block_size = 8;
  r.location.global_decl = {"", "/src/g.cpp", 3, 1};
  Race back = round_trip(r);
  EXPECT_EQ(back.location.kind, Location::Kind::kGlobal);
  EXPECT_EQ(back.location.global_name, "g_counter");
  EXPECT_EQ(back.location.block_start, 0x4000u);
  EXPECT_TRUE(same_frame(back.location.global_decl, r.location.global_decl));

  r.location = Location{};
  r.location.kind = Location::Kind::kStack;
  r.location.stack_goroutine = 9;
  back = round_trip(r);
  EXPECT_EQ(back.location.kind, Location::Kind::kStack);
  EXPECT_EQ(back.location.stack_goroutine, 9u);
}

TEST(ModelJson, RunRoundTrips) {
  RunInfo run = testing::sample_run();
  RunInfo back = run_from_json(json::parse(json::dump(run_to_json(run))));
  EXPECT_EQ(back.program, run.program);
  EXPECT_EQ(back.args, run.args);
  EXPECT_EQ(back.pid, run.pid);
  EXPECT_EQ(back.start_time, run.start_time);
  EXPECT_EQ(back.gomaxprocs, run.gomaxprocs);
  EXPECT_EQ(back.seed, run.seed);
  EXPECT_EQ(back.strategy, run.strategy);
  run.seed.reset();
  EXPECT_FALSE(run_from_json(json::parse(json::dump(run_to_json(run)))).seed.has_value());
  run.strategy = "pct";
  run.pct_depth = 5;
  EXPECT_EQ(run_from_json(json::parse(json::dump(run_to_json(run)))).pct_depth, 5);
}

TEST(ModelJson, PctDepthOutOfRangeIsNamed) {
  json::Value v = run_to_json(testing::sample_run());
  v.set("pct_depth", 0);
  try {
    run_from_json(v);
    FAIL() << "accepted pct_depth 0";
  } catch (const std::exception& e) {
    EXPECT_NE(std::string(e.what()).find("pct_depth"), std::string::npos) << e.what();
  }
}

TEST(ModelJson, ShapeErrorsNameTheField) {
  json::Value v = race_to_json(testing::sample_race(), "x");
  std::string text = json::dump(v);
  auto replace = [&](const std::string& from, const std::string& to) {
    std::string t = text;
    t.replace(t.find(from), from.size(), to);
    return json::parse(t);
  };
  try {
    race_from_json(replace("\"line\":12", "\"line\":\"twelve\""));
    FAIL();
  } catch (const json::Error& e) {
    EXPECT_STREQ(e.what(),
                 "current.stack[0].line: expected a non-negative integer, found a string");
  }
  try {
    race_from_json(replace("\"address\":\"0x00c0000b4010\"", "\"address\":\"0xZZ\""));
    FAIL();
  } catch (const json::Error& e) {
    EXPECT_NE(std::string(e.what()).find("current.address"), std::string::npos) << e.what();
  }
  try {
    race_from_json(replace("\"previous\":", "\"previousX\":"));
    FAIL();
  } catch (const json::Error& e) {
    EXPECT_NE(std::string(e.what()).find("missing field \"previous\""), std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace gorace::report
