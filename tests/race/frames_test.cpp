// The runtime's operation frames (runtime/src/race/frames.cpp): the
// per-thread cache in front of the interned records must hand back the
// record of exactly the operation asked for, however the calls interleave.
#include <gtest/gtest.h>

#include <string>

#include "gorace/report/race.hpp"
#include "race/state.hpp"

namespace gor::detail::race {
namespace {

// The function and line a frame expands to.
std::string frame_text(gorace::analyzer::FrameId frame) {
  gorace::report::Stack stack;
  expand_frame(frame, stack);
  if (stack.size() != 1) return "frames: " + std::to_string(stack.size());
  return stack[0].function + ":" + std::to_string(stack[0].line);
}

// More operations than the cache holds, called round after round in an
// order that revisits each after the others: every call returns the same
// record for the same operation, and it names that operation.
TEST(OperationFrame, EachOperationGetsItsOwnRecordHoweverCallsInterleave) {
  static const char* const kOps[] = {"gor::Mutex::lock", "gor::Mutex::unlock", "chansend",
                                     "chanrecv"};
  constexpr unsigned kLines = 40;
  gorace::analyzer::FrameId first[4][kLines] = {};
  for (int round = 0; round < 3; round++) {
    for (unsigned line = 1; line <= kLines; line++) {
      for (int op = 0; op < 4; op++) {
        const gorace::analyzer::FrameId f = operation_frame(kOps[op], "mutex.hpp", line);
        ASSERT_EQ(frame_text(f), std::string(kOps[op]) + ":" + std::to_string(line));
        if (round == 0) first[op][line - 1] = f;
        EXPECT_EQ(f, first[op][line - 1]);
      }
    }
  }
}

// The same name at another file, or the same file and line under another
// name, is another operation.
TEST(OperationFrame, NameFileAndLineAllTellOperationsApart) {
  const gorace::analyzer::FrameId a = operation_frame("gor::Mutex::lock", "a.hpp", 7);
  const gorace::analyzer::FrameId b = operation_frame("gor::Mutex::lock", "b.hpp", 7);
  const gorace::analyzer::FrameId c = operation_frame("gor::Mutex::unlock", "a.hpp", 7);
  EXPECT_NE(a, b);
  EXPECT_NE(a, c);
  EXPECT_EQ(operation_frame("gor::Mutex::lock", "a.hpp", 7), a);
  EXPECT_EQ(operation_frame("gor::Mutex::lock", "b.hpp", 7), b);
}

}  // namespace
}  // namespace gor::detail::race
