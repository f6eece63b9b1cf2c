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
  g.raise(2, 1);  // the first raise may sit in the aux entry
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

TEST(VectorClock, ChildSharesParentVectorWithoutCopy) {
  VectorClock parent;
  for (uint32_t i = 0; i < 100; i++) parent.raise(i, 5);
  parent.set_hot(7, 9);
  VectorClock child;
  child.assign(parent);
  child.set_hot(200, 1);  // the parent's own entry moves to aux
  EXPECT_EQ(child.get(7), 9u);
  EXPECT_EQ(child.get(50), 5u);
  EXPECT_EQ(child.get(200), 1u);
  EXPECT_EQ(child.size(), parent.size());  // shared, not copied
}

TEST(VectorClock, RepeatedJoinOfTheSameVectorIsSkippedButStillCorrect) {
  VectorClock big;
  for (uint32_t i = 0; i < 64; i++) big.raise(i, i + 1);
  VectorClock a = big, b = big;
  a.set_hot(100, 3);
  b.set_hot(101, 4);
  VectorClock s;
  s.raise(0, 1);
  s.raise(1, 1);
  s.raise(2, 1);
  s.join(a);
  s.join(b);
  EXPECT_EQ(s.get(63), 64u);
  EXPECT_EQ(s.get(100), 3u);
  EXPECT_EQ(s.get(101), 4u);
}

TEST(VectorClock, InPlaceChangeInvalidatesTheJoinShortcut) {
  VectorClock src;
  for (uint32_t i = 0; i < 10; i++) src.raise(i, 1);
  VectorClock dst;
  dst.raise(50, 1);
  dst.raise(51, 1);
  dst.join(src);
  src.raise(5, 7);  // src owns its vector alone: changed in place
  src.raise(6, 7);
  dst.join(src);
  EXPECT_EQ(dst.get(5), 7u);
  EXPECT_EQ(dst.get(6), 7u);
}

}  // namespace
}  // namespace gorace::analyzer
