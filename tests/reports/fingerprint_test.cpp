// fingerprint: stable across addresses, ids and access order; sensitive to
// function, file and line.
#include <gtest/gtest.h>

#include "gorace/report/writers.hpp"
#include "sample_races.hpp"

namespace gorace::report {
namespace {

TEST(Fingerprint, IgnoresAddressesGoroutinesColumnsAndOrder) {
  Race a = testing::sample_race();
  Race b = a;
  b.current.address = b.previous.address = 0x1234;
  b.current.goroutine = 99;
  b.previous.goroutine = 42;
  b.current_chain[0].id = 99;
  b.current.stack[0].column = 77;
  b.location.block_start = 0x9999;
  b.count = 5;
  EXPECT_EQ(fingerprint(a), fingerprint(b));

  Race swapped = a;
  std::swap(swapped.current, swapped.previous);
  EXPECT_EQ(fingerprint(a), fingerprint(swapped));
  EXPECT_EQ(fingerprint(a).size(), 16u);
  EXPECT_EQ(fingerprint(a).find_first_not_of("0123456789abcdef"), std::string::npos);
}

TEST(Fingerprint, DiffersByLineFunctionFileOrFrame) {
  Race a = testing::sample_race();
  Race line = a;
  line.current.stack[0].line = 13;
  Race func = a;
  func.previous.stack[0].function = "other";
  Race file = a;
  file.current.stack[1].file = "/src/rt2.cpp";
  Race deeper = a;
  deeper.previous.stack.push_back({"caller", "/src/prog.cpp", 20, 1});
  for (const Race* r : {&line, &func, &file, &deeper}) EXPECT_NE(fingerprint(a), fingerprint(*r));
}

// The same race built from two checkouts (other directories, the same
// files) has one fingerprint.
TEST(Fingerprint, IgnoresDirectories) {
  Race a = testing::sample_race();
  Race moved = a;
  for (Frame& f : moved.current.stack) f.file = "/elsewhere/checkout" + f.file;
  for (Frame& f : moved.previous.stack) f.file = "/elsewhere/checkout" + f.file;
  EXPECT_EQ(fingerprint(a), fingerprint(moved));
}

TEST(Fingerprint, KnownValueIsStable) {
  // Pinned so a change of the algorithm (which would break dedup across
  // logs written by different versions) is noticed.
  Race r;
  r.current.stack = {{"f", "a.cpp", 1, 0}};
  r.previous.stack = {{"g", "b.cpp", 2, 0}};
  // FNV-1a 64 of "f\x1fa.cpp\x1f1\x1e" "\x1d" "g\x1fb.cpp\x1f2\x1e".
  EXPECT_EQ(fingerprint(r), "c4af17c9c7ecd0b3");
}

}  // namespace
}  // namespace gorace::report
