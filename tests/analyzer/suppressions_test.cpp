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
  EXPECT_FALSE(s.parse("race:ok\ncalled_from_lib:x\n", error));
  EXPECT_NE(error.find("line 2"), std::string::npos);
  EXPECT_NE(error.find("called_from_lib"), std::string::npos);
  EXPECT_FALSE(s.parse("no colon here", error));
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

}  // namespace
}  // namespace gorace::analyzer
