// VectorClock: copy-on-write sharing and joins.
#include "vector_clock.hpp"

#include <gtest/gtest.h>

namespace gorace::analyzer {
namespace {

TEST(VectorClock, JoinTakesTheMaximum) {
  VectorClock a, b;
  a.raise(0, 5);
  a.raise(2, 1);
  b.raise(1, 3);
  b.raise(2, 4);
  a.join(b);
  EXPECT_EQ(a.get(0), 5u);
  EXPECT_EQ(a.get(1), 3u);
  EXPECT_EQ(a.get(2), 4u);
  EXPECT_EQ(a.get(100), 0u);
}

TEST(VectorClock, HotEntryStaysOutOfLine) {
  VectorClock g;
  g.set_hot(3, 7);
  g.set_hot_epoch(8);
  EXPECT_EQ(g.get(3), 8u);
  EXPECT_EQ(g.size(), 0u);
  VectorClock s;
  s.assign(g);  // release: shares
  EXPECT_EQ(s.get(3), 8u);
  g.set_hot_epoch(9);
  EXPECT_EQ(s.get(3), 8u);  // the released clock does not move
}

TEST(VectorClock, SharedDataIsCopiedOnWrite) {
  VectorClock g;
  g.raise(0, 1);
  g.set_hot(1, 1);
  VectorClock s;
  s.assign(g);
  VectorClock other;
  other.raise(0, 9);
  g.join(other);
  EXPECT_EQ(g.get(0), 9u);
  EXPECT_EQ(s.get(0), 1u);
}

TEST(VectorClock, JoinIntoEmptySyncClockKeepsHotEntries) {
  VectorClock a, b, s;
  a.set_hot(0, 4);
  b.set_hot(1, 6);
  s.join(a);
  s.join(b);
  EXPECT_EQ(s.get(0), 4u);
  EXPECT_EQ(s.get(1), 6u);
}

}  // namespace
}  // namespace gorace::analyzer
