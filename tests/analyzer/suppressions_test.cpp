// Suppressions parsing and matching (TSan format).
#include <gtest/gtest.h>

#include "gorace/analyzer/engine.hpp"

namespace gorace::analyzer {
namespace {

report::Stack stack(std::initializer_list<const char*> functions) {
  report::Stack s;
  for (const char* f : functions) s.push_back(report::Frame{f, "/src/app/file.cpp", 1, 1});
  return s;
}

TEST(Suppressions, ParsesCommentsAndBothKinds) {
  Suppressions s;
  std::string error;
  ASSERT_TRUE(s.parse("# header\n\nrace:foo\n  race_top:bar*baz  \n", error)) << error;
  EXPECT_EQ(s.size(), 2u);
}

TEST(Suppressions, RejectsUnknownTypesNamingTheLine) {
  Suppressions s;
  std::string error;
  EXPECT_FALSE(s.parse("race:ok\nraces:x\n", error));
  EXPECT_NE(error.find("line 2"), std::string::npos);
  EXPECT_NE(error.find("\"races\""), std::string::npos);
  EXPECT_FALSE(s.parse("no colon here", error));
}

// One suppressions file serves TSan and gorace: TSan's other types parse
// and suppress nothing.
TEST(Suppressions, AcceptsAndIgnoresTSansOtherTypes) {
  Suppressions s;
  std::string error;
  ASSERT_TRUE(
      s.parse("called_from_lib:libfoo.so\ndeadlock:x\nmutex:y\nsignal:z\nthread:t\n"
              "race:kept\n",
              error))
      << error;
  EXPECT_EQ(s.size(), 1u);
  report::Frame f;
  f.function = "x";
  EXPECT_FALSE(s.matches({f}, {f}));
}

TEST(Suppressions, RaceMatchesAnyFrameRaceTopOnlyTheTop) {
  Suppressions any, top;
  std::string error;
  ASSERT_TRUE(any.parse("race:helper", error));
  ASSERT_TRUE(top.parse("race_top:helper", error));
  report::Stack deep = stack({"leaf", "helper_caller"});
  report::Stack other = stack({"x"});
  EXPECT_TRUE(any.matches(deep, other));
  EXPECT_FALSE(top.matches(deep, other));
  EXPECT_TRUE(top.matches(other, stack({"my_helper"})));
}

TEST(Suppressions, WildcardsAnchorsAndFiles) {
  Suppressions s;
  std::string error;
  ASSERT_TRUE(s.parse("race:^Bank::*deposit$\nrace:*/app/file.cpp", error));
  EXPECT_TRUE(s.matches(stack({"Bank::big_deposit"}), {}));
  report::Stack other_file{report::Frame{"Bank::deposits", "/x/y.cpp", 1, 1}};
  EXPECT_FALSE(s.matches(other_file, {}));
  EXPECT_TRUE(s.matches(stack({"anything"}), {}));  // file pattern
}

// As TSan's: a `race` rule also matches the racing global's name or the
// file declaring it; `race_top` does not (it names a frame).
TEST(Suppressions, RaceMatchesTheRacingGlobal) {
  Suppressions any, top;
  std::string error;
  ASSERT_TRUE(any.parse("race:^g_counters$\nrace:*/legacy/*", error)) << error;
  ASSERT_TRUE(top.parse("race_top:g_counters", error)) << error;
  report::Stack a = stack({"bump"}), b = stack({"reset"});
  report::Location global;
  global.kind = report::Location::Kind::kGlobal;
  global.global_name = "g_counters";
  global.global_decl = report::Frame{"", "/src/app/state.cpp", 3, 0};
  EXPECT_TRUE(any.matches(a, b, global));
  EXPECT_FALSE(top.matches(a, b, global));
  global.global_name = "g_counters_v2";
  EXPECT_FALSE(any.matches(a, b, global));
  global.global_decl.file = "/src/legacy/state.cpp";
  EXPECT_TRUE(any.matches(a, b, global));
  report::Location heap;
  heap.kind = report::Location::Kind::kHeap;
  heap.global_name = "g_counters";  // only a global's name counts
  EXPECT_FALSE(any.matches(a, b, heap));
}

}  // namespace
}  // namespace gorace::analyzer
