// VectorClock: copy-on-write sharing and joins.
#include "vector_clock.hpp"

#include <gtest/gtest.h>

namespace gorace::analyzer {
namespace {

/// Raises entries 0..n-1 of `c` to `epoch`.
void raise_first(VectorClock& c, uint32_t n, uint32_t epoch) {
  for (uint32_t i = 0; i < n; i++) c.raise(i, epoch);
}

/// A goroutine's clock: entries 0..n-1 at `epoch`, its own (hot) slot
/// `slot` at `own`.
VectorClock goroutine_clock(uint32_t n, uint32_t epoch, uint32_t slot, uint32_t own) {
  VectorClock c;
  raise_first(c, n, epoch);
  c.set_hot(slot, own);
  return c;
}

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
  raise_first(parent, 100, 5);
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
  raise_first(src, 10, 1);
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

// Joins scan the vectors block by block: entries far past the first block,
// and raw entries that only look higher because the destination keeps the
// true value in its hot or aux entry.
TEST(VectorClock, WideJoinRaisesExactlyTheEntriesThatRise) {
  VectorClock src;
  raise_first(src, 200, 10);
  src.raise(150, 30);
  src.raise(199, 31);
  VectorClock dst;
  raise_first(dst, 120, 10);
  dst.set_hot(40, 50);  // covers src's 10 at entry 40
  dst.join(src);
  EXPECT_EQ(dst.get(40), 50u);
  EXPECT_EQ(dst.get(100), 10u);
  EXPECT_EQ(dst.get(150), 30u);  // past dst's vector: taken from src
  EXPECT_EQ(dst.get(199), 31u);
  EXPECT_EQ(dst.get(200), 0u);
}

TEST(VectorClock, JoinCoveredByHotAndAuxLeavesASharedVectorAlone) {
  VectorClock g;
  raise_first(g, 64, 1);
  VectorClock released;
  released.assign(g);  // shares g's vector
  VectorClock other;
  raise_first(other, 64, 1);
  other.raise(3, 5);
  other.raise(60, 6);
  g.set_hot(3, 7);  // covers other's 5
  g.raise(60, 6);   // the aux entry covers other's 6
  g.join(other);
  EXPECT_EQ(g.get(3), 7u);
  EXPECT_EQ(g.get(60), 6u);
  EXPECT_EQ(released.get(3), 1u);
  EXPECT_EQ(released.get(60), 1u);
}

TEST(VectorClock, FoldAuxMovesTheAuxEntryIntoTheVector) {
  VectorClock parent;
  raise_first(parent, 40, 2);
  parent.raise(90, 4);  // aux
  parent.set_hot(5, 9);
  parent.fold_aux();
  EXPECT_EQ(parent.get(90), 4u);
  EXPECT_EQ(parent.get(5), 9u);
  VectorClock child;
  child.assign(parent);
  child.set_hot(300, 1);  // the parent's hot entry goes to the child's free aux entry
  EXPECT_EQ(child.get(90), 4u);
  EXPECT_EQ(child.get(5), 9u);
  EXPECT_EQ(child.get(300), 1u);
  EXPECT_EQ(child.size(), parent.size());  // still the parent's vector
}

// A goroutine receiving from a few peers in turn (a select over two
// senders) keeps their epochs in its aux entries: its vector, shared with
// the sync objects it released into, is neither copied nor grown.
TEST(VectorClock, AuxEntriesHoldAFewPeersWithoutTouchingASharedVector) {
  VectorClock g;
  raise_first(g, 64, 1);
  g.fold_aux();
  g.set_hot(10, 4);
  VectorClock released;
  released.assign(g);
  for (uint32_t peer = 200; peer < 202; peer++) {
    VectorClock other;
    other.set_hot(peer, peer - 195);
    g.join(other);
  }
  EXPECT_EQ(g.get(200), 5u);
  EXPECT_EQ(g.get(201), 6u);
  EXPECT_EQ(g.size(), 64u);  // no entry of the vector changed
  EXPECT_EQ(released.get(201), 0u);
  g.raise(200, 9);  // a peer already held rises in place
  EXPECT_EQ(g.get(200), 9u);
  EXPECT_EQ(g.size(), 64u);
  g.raise(203, 8);  // a third peer goes to the vector
  EXPECT_EQ(g.get(203), 8u);
  EXPECT_EQ(g.size(), 204u);
  EXPECT_EQ(released.size(), 64u);
  EXPECT_EQ(released.get(203), 0u);
}

// A long vector (a program that ran many goroutines) is not copied for a
// few more peers than the aux entries hold: they go to the delta, which is
// copied on write instead. Past its capacity, the delta goes to the vector.
TEST(VectorClock, ADeltaHoldsMorePeersOfALongSharedVector) {
  constexpr uint32_t kLong = 300;  // over VectorClock's kDeltaFromSize
  VectorClock g;
  for (uint32_t i = 0; i < kLong; i++) g.raise(i, 1);
  g.fold_aux();
  g.set_hot(10, 4);
  VectorClock released;
  released.assign(g);
  const uint32_t out_of_line = 2 + ClockDelta::kCapacity;  // aux, then delta
  for (uint32_t k = 0; k < out_of_line; k++) {
    VectorClock other;
    other.set_hot(kLong + k, 5 + k);
    g.join(other);
  }
  EXPECT_EQ(g.size(), kLong);  // no entry of the vector changed
  for (uint32_t k = 0; k < out_of_line; k++) EXPECT_EQ(g.get(kLong + k), 5 + k) << k;
  EXPECT_EQ(g.get(7), 1u);
  EXPECT_EQ(released.get(kLong + out_of_line - 1), 0u);
  g.raise(kLong + out_of_line - 1, 40);  // a peer in the delta rises in place
  EXPECT_EQ(g.get(kLong + out_of_line - 1), 40u);
  EXPECT_EQ(g.size(), kLong);
  g.raise(kLong + 50, 8);  // one more: the delta is folded into the vector
  EXPECT_EQ(g.get(kLong + 50), 8u);
  EXPECT_GT(g.size(), kLong);
  for (uint32_t k = 0; k < out_of_line - 1; k++) EXPECT_EQ(g.get(kLong + k), 5 + k) << k;
  EXPECT_EQ(g.get(kLong + out_of_line - 1), 40u);
  EXPECT_EQ(released.size(), kLong);
  EXPECT_EQ(released.get(kLong + 50), 0u);
  EXPECT_EQ(released.get(kLong + 3), 0u);
}

// A delta shared by two clocks is copied before either changes it, and
// fold_aux() leaves none for a child to share.
TEST(VectorClock, ADeltaIsCopiedOnWriteAndFoldedAtGo) {
  constexpr uint32_t kLong = 300;
  VectorClock g;
  for (uint32_t i = 0; i < kLong; i++) g.raise(i, 1);
  g.fold_aux();
  g.set_hot(0, 2);
  for (uint32_t peer = kLong; peer < kLong + 5; peer++) g.raise(peer, 3);
  VectorClock s;
  s.assign(g);
  g.raise(kLong + 4, 9);
  EXPECT_EQ(g.get(kLong + 4), 9u);
  EXPECT_EQ(s.get(kLong + 4), 3u);
  s.raise(kLong + 2, 7);
  EXPECT_EQ(s.get(kLong + 2), 7u);
  EXPECT_EQ(g.get(kLong + 2), 3u);
  g.fold_aux();
  EXPECT_GE(g.size(), kLong + 5);  // every out-of-line entry is in the vector
  EXPECT_EQ(g.get(kLong + 4), 9u);
  EXPECT_EQ(g.get(kLong + 2), 3u);
  EXPECT_EQ(g.get(0), 2u);
}

// Two goroutines on one long vector hand their deltas over through a slot
// (release-acquire's shared-vector path): entries move both ways.
TEST(VectorClock, ReleaseAcquireMovesDeltas) {
  constexpr uint32_t kLong = 300;
  VectorClock parent;
  for (uint32_t i = 0; i < kLong; i++) parent.raise(i, 2);
  parent.fold_aux();
  VectorClock sender, receiver, slot;
  sender.assign(parent);
  sender.set_hot(kLong, 5);
  for (uint32_t peer = kLong + 10; peer < kLong + 15; peer++) sender.raise(peer, 6);
  receiver.assign(parent);
  receiver.set_hot(kLong + 1, 9);
  slot.release_acquire(sender);
  slot.release_acquire(receiver);  // same vector: entries move
  EXPECT_EQ(receiver.get(kLong), 5u);
  for (uint32_t peer = kLong + 10; peer < kLong + 15; peer++) EXPECT_EQ(receiver.get(peer), 6u);
  EXPECT_EQ(slot.get(kLong + 1), 9u);
  EXPECT_EQ(slot.get(kLong + 12), 0u);  // the slot holds the receiver's clock as it was
  EXPECT_EQ(receiver.size(), kLong);
  slot.release_acquire(sender);
  EXPECT_EQ(sender.get(kLong + 1), 9u);
  EXPECT_EQ(slot.get(kLong + 12), 6u);
}

// A buffered channel's slot between two goroutines on their parent's
// vector: S := G and G ⊔= old S, whether or not the vectors are one.
TEST(VectorClock, ReleaseAcquireSwapsInTheGoroutinesClock) {
  VectorClock parent;
  raise_first(parent, 16, 2);
  parent.fold_aux();
  VectorClock sender, receiver, slot;
  sender.assign(parent);
  sender.set_hot(20, 5);
  receiver.assign(parent);
  receiver.set_hot(21, 9);
  slot.release_acquire(sender);  // send: the slot takes the sender's clock
  EXPECT_EQ(slot.get(20), 5u);
  slot.release_acquire(receiver);  // receive: same vector, entries move
  EXPECT_EQ(receiver.get(20), 5u);
  EXPECT_EQ(slot.get(21), 9u);
  EXPECT_EQ(slot.get(20), 0u);  // the slot holds the receiver's clock only
  VectorClock other;            // a sender on a vector of its own
  raise_first(other, 16, 3);
  other.set_hot(22, 4);
  slot.release_acquire(other);
  EXPECT_EQ(other.get(21), 9u);
  EXPECT_EQ(other.get(0), 3u);
  EXPECT_EQ(slot.get(22), 4u);
  EXPECT_EQ(slot.get(21), 0u);
  EXPECT_EQ(receiver.get(22), 0u);
}

// Goroutines on vectors of their own (Pipeline's producer and workers, each
// with more peers than its aux entries hold): a slot exchanges entries with
// them, each side keeping its own vector.
TEST(VectorClock, ReleaseAcquireExchangesShortVectorsEntryByEntry) {
  VectorClock sender = goroutine_clock(16, 3, 20, 5);
  VectorClock receiver = goroutine_clock(16, 1, 21, 9);
  receiver.raise(23, 1);
  VectorClock slot;
  slot.release_acquire(sender);  // an empty slot shares the sender's vector
  slot.release_acquire(receiver);
  EXPECT_EQ(receiver.get(3), 3u);
  EXPECT_EQ(receiver.get(20), 5u);
  EXPECT_EQ(receiver.get(23), 1u);
  EXPECT_EQ(slot.get(3), 1u);  // the slot holds the receiver's clock as it was
  EXPECT_EQ(slot.get(21), 9u);
  EXPECT_EQ(slot.get(20), 0u);
  receiver.raise(7, 40);  // each side changes its own vector
  EXPECT_EQ(slot.get(7), 1u);
  slot.release_acquire(sender);
  EXPECT_EQ(sender.get(21), 9u);
  EXPECT_EQ(sender.get(23), 1u);
  EXPECT_EQ(sender.get(7), 3u);
  EXPECT_EQ(slot.get(7), 3u);
  EXPECT_EQ(slot.get(23), 0u);
}

// An exchange that raises the goroutine's vector gives it a new stamp: a
// clock that joined the vector before must not skip it after.
TEST(VectorClock, AnExchangeThatRaisesAVectorInvalidatesTheJoinShortcut) {
  VectorClock g = goroutine_clock(16, 2, 30, 1);
  g.raise(31, 5);  // covers the peer's hot entry: only the vector raises g
  VectorClock peer = goroutine_clock(16, 1, 31, 1);
  peer.raise(9, 50);
  VectorClock slot;
  slot.release_acquire(peer);  // the slot shares the peer's vector
  VectorClock watcher;
  watcher.set_hot(40, 1);
  watcher.join(g);          // covers g's vector as it is
  slot.release_acquire(g);  // g's vector rises to entry 9 = 50, in place
  EXPECT_EQ(g.get(9), 50u);
  slot.release_acquire(peer);  // the slot's own vector now, exchanged in place
  slot.release_acquire(g);
  watcher.join(g);
  EXPECT_EQ(watcher.get(9), 50u);
}

}  // namespace
}  // namespace gorace::analyzer
