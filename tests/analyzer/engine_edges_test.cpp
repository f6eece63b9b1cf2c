// Every happens-before edge kind of the engine: a racy sequence is reported,
// the synchronised one is not.
#include <thread>

#include "engine_fixture.hpp"

namespace gorace::analyzer::testing {
namespace {

alignas(8) uint64_t x;
alignas(8) uint64_t y;
int sync_object;

using Edges = EngineTest;

TEST_F(Edges, UnsynchronisedWritesRace) {
  GState* m = go(nullptr, 1);
  GState* a = go(m, 2);
  write(a, &x, 8);
  write(m, &x, 8);
  ASSERT_EQ(races_.size(), 1u);
  EXPECT_EQ(races_[0].current.goroutine, 1u);
  EXPECT_EQ(races_[0].previous.goroutine, 2u);
  EXPECT_TRUE(races_[0].current.is_write);
  EXPECT_TRUE(races_[0].previous.is_write);
  EXPECT_EQ(races_[0].current.size, 8u);
  EXPECT_EQ(races_[0].previous.size, 8u);
}

TEST_F(Edges, GoOrdersParentBeforeChildOnly) {
  GState* m = go(nullptr, 1);
  write(m, &x, 8);
  GState* a = go(m, 2);
  read(a, &x, 8);  // ordered by go
  EXPECT_TRUE(races_.empty());
  write(m, &y, 8);  // after go: not ordered with the child
  read(a, &y, 8);
  EXPECT_EQ(races_.size(), 1u);
}

// A goroutine's state made from its spawn record on another thread, as
// the runtime makes it: the go edge holds from the spawn, not from the
// start (the parent's writes between the two race the child), and the
// child is named with its creator in reports.
TEST_F(Edges, ASpawnStartedOnAnotherThreadKeepsTheGoEdge) {
  GState* m = go(nullptr, 1);
  *engine_.func_enter(m) = frame("main:go worker");
  write(m, &x, 8);
  Spawn* s = engine_.spawn(m, engine_.stack_at(m, nullptr));
  write(m, &y, 8);  // after go
  GState* a = nullptr;
  std::thread([&] { a = engine_.start(s, 2); }).join();
  read(a, &x, 8);  // ordered by go
  EXPECT_TRUE(races_.empty());
  read(a, &y, 8);
  ASSERT_EQ(races_.size(), 1u);
  EXPECT_EQ(races_[0].current.goroutine, 2u);
  ASSERT_EQ(races_[0].current_chain.size(), 2u);
  EXPECT_EQ(races_[0].current_chain[1].id, 1u);
  ASSERT_EQ(races_[0].current_chain[0].created_at.size(), 1u);
  EXPECT_EQ(races_[0].current_chain[0].created_at[0].function, "main:go worker");
  // A goroutine that never runs gives its record back.
  engine_.discard(engine_.spawn(m, 0));
  write(m, &x, 8);  // the parent's epoch advanced at that go: still no race
  EXPECT_EQ(races_.size(), 1u);
}

TEST_F(Edges, ReleaseAcquireOrders) {
  GState* m = go(nullptr, 1);
  GState* a = go(m, 2);
  write(a, &x, 8);
  engine_.release(a, obj(&sync_object));
  engine_.acquire(m, obj(&sync_object));
  write(m, &x, 8);
  EXPECT_TRUE(races_.empty());
}

// exchange (an unbuffered hand-off) orders both sides' earlier accesses
// before both sides' later ones, and nothing after it.
TEST_F(Edges, ExchangeOrdersBothWays) {
  alignas(8) static uint64_t before_a, before_b, after_a;
  GState* m = go(nullptr, 1);
  GState* a = go(m, 2);
  GState* b = go(m, 3);
  write(a, &before_a, 8);
  write(b, &before_b, 8);
  engine_.exchange(a, b, obj(&sync_object));
  read(b, &before_a, 8);
  read(a, &before_b, 8);
  EXPECT_TRUE(races_.empty());
  write(a, &after_a, 8);
  read(b, &after_a, 8);  // after the hand-off on both sides: a race
  EXPECT_EQ(races_.size(), 1u);
}

// Each side's history records the hand-off as one release_acquire, shown
// with the accesses after it and not with those before.
TEST_F(Edges, ExchangeRecordsOneReleaseAcquirePerSide) {
  alignas(8) static uint64_t v;
  alignas(8) static uint64_t before;
  GState* m = go(nullptr, 1);
  GState* a = go(m, 2);
  GState* b = go(m, 3);
  GState* c = go(m, 4);
  write(a, &before, 8, "write before");
  engine_.exchange(a, b, obj(&sync_object));
  write(a, &v, 8);
  write(b, &v, 8);
  write(c, &before, 8, "write by another");
  ASSERT_EQ(races_.size(), 2u);
  auto kinds = [](const std::vector<report::SyncEvent>& events) {
    std::vector<std::string> out;
    for (const report::SyncEvent& e : events)
      if (e.object == obj(&sync_object)) out.push_back(e.kind);
    return out;
  };
  const std::vector<std::string> one{"release_acquire"};
  EXPECT_EQ(kinds(races_[0].current_events), one);        // b's write, after
  EXPECT_EQ(kinds(races_[0].previous_events), one);       // a's write, after
  EXPECT_TRUE(kinds(races_[1].previous_events).empty());  // a's write, before
}

TEST_F(Edges, AcquireBeforeReleaseDoesNotOrder) {
  GState* m = go(nullptr, 1);
  GState* a = go(m, 2);
  engine_.acquire(m, obj(&sync_object));
  write(a, &x, 8);
  engine_.release(a, obj(&sync_object));
  write(m, &x, 8);
  EXPECT_EQ(races_.size(), 1u);
}

TEST_F(Edges, AccessAfterReleaseIsNotCovered) {
  GState* m = go(nullptr, 1);
  GState* a = go(m, 2);
  engine_.release(a, obj(&sync_object));
  write(a, &x, 8);  // after the release
  engine_.acquire(m, obj(&sync_object));
  write(m, &x, 8);
  EXPECT_EQ(races_.size(), 1u);
}

TEST_F(Edges, ReleaseOverwritesButMergeAccumulates) {
  GState* m = go(nullptr, 1);
  GState* a = go(m, 2);
  GState* b = go(m, 3);
  write(a, &x, 8);
  write(b, &y, 8);
  // release: the object keeps only b's clock, a's write is not covered.
  engine_.release(a, obj(&sync_object));
  engine_.release(b, obj(&sync_object));
  engine_.acquire(m, obj(&sync_object));
  write(m, &y, 8);
  EXPECT_TRUE(races_.empty());
  write(m, &x, 8);
  EXPECT_EQ(races_.size(), 1u);
}

TEST_F(Edges, ReleaseMergeCoversEveryReleaser) {
  GState* m = go(nullptr, 1);
  GState* a = go(m, 2);
  GState* b = go(m, 3);
  write(a, &x, 8);
  write(b, &y, 8);
  engine_.release_merge(a, obj(&sync_object));
  engine_.release_merge(b, obj(&sync_object));
  engine_.acquire(m, obj(&sync_object));
  write(m, &x, 8);
  write(m, &y, 8);
  EXPECT_TRUE(races_.empty());
}

TEST_F(Edges, ReadersUnderReleaseMergeDoNotOrderEachOther) {
  // RWMutex: readers acquire the writer clock and release_merge into the
  // reader clock; two readers are not ordered.
  int writer_clock = 0, reader_clock = 0;
  GState* m = go(nullptr, 1);
  GState* a = go(m, 2);
  GState* b = go(m, 3);
  engine_.acquire(a, obj(&writer_clock));
  write(a, &x, 8);
  engine_.release_merge(a, obj(&reader_clock));
  engine_.acquire(b, obj(&writer_clock));
  write(b, &x, 8);
  EXPECT_EQ(races_.size(), 1u);
}

TEST_F(Edges, ReleaseAcquireSwapsClocks) {
  // A buffered channel slot: the k-th receive happens before the (k+C)-th
  // send completes, and a send before its receive.
  int slot = 0;
  GState* m = go(nullptr, 1);
  GState* sender = go(m, 2);
  GState* receiver = go(m, 3);
  write(sender, &x, 8);
  engine_.release_acquire(sender, obj(&slot));    // send
  engine_.release_acquire(receiver, obj(&slot));  // receive
  read(receiver, &x, 8);
  EXPECT_TRUE(races_.empty());
  write(receiver, &y, 8);
  engine_.release_acquire(receiver, obj(&slot));  // (not a real op: receiver releases again)
  engine_.release_acquire(sender, obj(&slot));    // next send into the slot
  write(sender, &y, 8);
  EXPECT_TRUE(races_.empty());
}

// The same through clocks the channel keeps (one per slot): slot 0 orders
// its send and receive; slot 1, untouched, orders nothing.
TEST_F(Edges, OwnedSlotClocksOrderPerSlot) {
  int buffer[2] = {};
  OwnedClocks* clocks = engine_.make_owned_clocks(2);
  GState* m = go(nullptr, 1);
  GState* sender = go(m, 2);
  GState* receiver = go(m, 3);
  write(sender, &x, 8);
  engine_.release_acquire_owned(sender, clocks, 0, obj(&buffer[0]));
  engine_.release_acquire_owned(receiver, clocks, 0, obj(&buffer[0]));
  read(receiver, &x, 8);
  EXPECT_TRUE(races_.empty());
  write(sender, &y, 8);
  engine_.release_acquire_owned(sender, clocks, 1, obj(&buffer[1]));
  engine_.release_acquire_owned(receiver, clocks, 0, obj(&buffer[0]));  // the wrong slot
  read(receiver, &y, 8);
  EXPECT_EQ(races_.size(), 1u);
  engine_.free_owned_clocks(clocks);
}

TEST_F(Edges, SyncResetForgetsTheClock) {
  GState* m = go(nullptr, 1);
  GState* a = go(m, 2);
  write(a, &x, 8);
  engine_.release(a, obj(&sync_object));
  engine_.sync_reset(obj(&sync_object));  // destroyed, a new object at the same address
  engine_.acquire(m, obj(&sync_object));
  write(m, &x, 8);
  EXPECT_EQ(races_.size(), 1u);
}

// Freed or reused memory takes its sync objects' clocks with it (a
// shared_ptr's counts in a freed control block, an atomic in a recycled
// stack): a new object there orders nothing, and no clock is kept for it.
TEST_F(Edges, RangeResetsForgetTheClocksInTheRange) {
  struct Block {
    char before[3];
    std::atomic<uint8_t> odd;  // a sync object at an unaligned address
    uint64_t aligned;
  } block{};
  const uintptr_t start = obj(&block);
  const char* const writers[] = {"after free", "after reuse", "after a reset beside it"};
  for (int reuse = 0; reuse < 3; reuse++) {
    GState* m = go(nullptr, 1);
    GState* a = go(m, 2);
    races_.clear();
    write(a, &x, 8, writers[reuse]);
    engine_.release(a, obj(&block.odd));
    engine_.release(a, obj(&block.aligned));
    if (reuse == 0) engine_.sync_range_reset(start, sizeof block);     // freed
    if (reuse == 1) engine_.range_reset(start, sizeof block);          // reallocated
    if (reuse == 2) engine_.range_reset(start + 4, sizeof block - 4);  // not `odd`
    engine_.acquire(m, obj(&block.odd));
    engine_.acquire(m, obj(&block.aligned));
    write(m, &x, 8, writers[reuse]);
    EXPECT_EQ(races_.size(), reuse == 2 ? 0u : 1u) << writers[reuse];
    engine_.finish_goroutine(a);
    engine_.finish_goroutine(m);
    engine_.range_reset(obj(&x), 8);
    engine_.sync_range_reset(start, sizeof block);
  }
}

TEST_F(Edges, TransitiveOrdering) {
  int s1 = 0, s2 = 0;
  GState* m = go(nullptr, 1);
  GState* a = go(m, 2);
  GState* b = go(m, 3);
  GState* c = go(m, 4);
  write(a, &x, 8);
  engine_.release(a, obj(&s1));
  engine_.acquire(b, obj(&s1));
  engine_.release(b, obj(&s2));
  engine_.acquire(c, obj(&s2));
  write(c, &x, 8);
  EXPECT_TRUE(races_.empty());
}

TEST_F(Edges, GoroutineEndGivesNoEdge) {
  GState* m = go(nullptr, 1);
  GState* a = go(m, 2);
  write(a, &x, 8);
  engine_.finish_goroutine(a);
  read(m, &x, 8);
  ASSERT_EQ(races_.size(), 1u);
  EXPECT_EQ(races_[0].previous.goroutine, 2u);
  ASSERT_FALSE(races_[0].previous_chain.empty());
  EXPECT_FALSE(races_[0].previous_chain[0].running);
}

TEST_F(Edges, IgnoredAccessesAreNotRecorded) {
  GState* m = go(nullptr, 1);
  GState* a = go(m, 2);
  engine_.ignore_begin(a);
  write(a, &x, 8);
  engine_.ignore_end(a);
  write(m, &x, 8);
  EXPECT_TRUE(races_.empty());
}

// A report's history holds the events before each access only: the racing
// write inside a critical section shows the lock, not the unlock after it.
TEST_F(Edges, EventsAfterTheAccessAreNotInItsHistory) {
  GState* m = go(nullptr, 1);
  GState* a = go(m, 2);
  engine_.acquire(a, obj(&sync_object), "mutex lock");
  write(a, &x, 8);
  engine_.release(a, obj(&sync_object), "mutex unlock");
  write(m, &x, 8);
  ASSERT_EQ(races_.size(), 1u);
  std::vector<std::string> previous;
  for (const report::SyncEvent& e : races_[0].previous_events) previous.push_back(e.what);
  EXPECT_EQ(previous, (std::vector<std::string>{"mutex lock"}));
}

TEST_F(Edges, ChainsAndEventsAreReported) {
  GState* m = go(nullptr, 1);
  engine_.release(m, obj(&sync_object), "mutex unlock");
  GState* a = go(m, 2);
  GState* b = go(a, 3);
  write(b, &x, 8);
  write(m, &x, 8);
  ASSERT_EQ(races_.size(), 1u);
  const report::Race& r = races_[0];
  ASSERT_EQ(r.previous_chain.size(), 3u);
  EXPECT_EQ(r.previous_chain[0].id, 3u);
  EXPECT_EQ(r.previous_chain[1].id, 2u);
  EXPECT_EQ(r.previous_chain[2].id, 1u);
  EXPECT_TRUE(r.previous_chain[2].is_main);
  ASSERT_EQ(r.current_chain.size(), 1u);
  ASSERT_GE(r.current_events.size(), 2u);
  EXPECT_EQ(r.current_events[0].kind, "release");
  EXPECT_EQ(r.current_events[0].what, "mutex unlock");
  EXPECT_EQ(r.current_events[1].kind, "go");
}

}  // namespace
}  // namespace gorace::analyzer::testing
