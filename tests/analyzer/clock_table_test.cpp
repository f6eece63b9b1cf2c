// ClockTable: sync object clocks by address.
#include "clock_table.hpp"

#include <gtest/gtest.h>

#include <map>
#include <random>

namespace gorace::analyzer {
namespace {

TEST(ClockTable, FindGetTake) {
  ClockTable t;
  EXPECT_EQ(t.find(0x1000), nullptr);
  t.get(0x1000).raise(3, 7);
  ASSERT_NE(t.find(0x1000), nullptr);
  EXPECT_EQ(t.find(0x1000)->get(3), 7u);
  EXPECT_EQ(t.find(0x1008), nullptr);
  VectorClock out;
  EXPECT_TRUE(t.take(0x1000, out));
  EXPECT_EQ(out.get(3), 7u);
  EXPECT_EQ(t.find(0x1000), nullptr);
  EXPECT_FALSE(t.take(0x1000, out));
  EXPECT_TRUE(t.get(0x1000).empty());  // a new object at the same address
}

TEST(ClockTable, ZeroAndAllOnesAreOrdinaryKeys) {
  ClockTable t;
  t.get(0).raise(1, 1);
  t.get(~uintptr_t{0}).raise(2, 2);
  EXPECT_EQ(t.find(0)->get(1), 1u);
  EXPECT_EQ(t.find(~uintptr_t{0})->get(2), 2u);
  VectorClock out;
  EXPECT_TRUE(t.take(0, out));
  EXPECT_EQ(t.find(0), nullptr);
  EXPECT_NE(t.find(~uintptr_t{0}), nullptr);
}

// Random inserts and removals against std::map, through many rehashes.
TEST(ClockTable, MatchesAMapUnderChurn) {
  ClockTable t;
  std::map<uintptr_t, uint32_t> model;
  std::mt19937_64 rng(42);
  for (int step = 0; step < 200000; step++) {
    uintptr_t key = (rng() % 5000) * 8 + 0x10000;
    if (rng() % 3 == 0) {
      VectorClock out;
      bool had = model.erase(key) > 0;
      ASSERT_EQ(t.take(key, out), had) << step;
    } else {
      uint32_t v = static_cast<uint32_t>(step + 1);
      t.get(key).raise(0, v);
      model[key] = v;
    }
  }
  for (uintptr_t k = 0x10000; k < 0x10000 + 5000 * 8; k += 8) {
    auto it = model.find(k);
    VectorClock* c = t.find(k);
    ASSERT_EQ(c != nullptr, it != model.end()) << k;
    if (c) EXPECT_EQ(c->get(0), it->second);
  }
}

}  // namespace
}  // namespace gorace::analyzer
