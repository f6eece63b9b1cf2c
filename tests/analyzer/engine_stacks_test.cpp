// Shadow call stacks, the stack depot, and report contents (previous stack
// always present, dedup by pair of stacks).
#include "engine_fixture.hpp"

namespace gorace::analyzer::testing {
namespace {

using Stacks = EngineTest;
alignas(8) uint64_t v;
alignas(8) uint64_t w;
alignas(8) uint64_t vs[8];

TEST_F(Stacks, DepotRoundTrip) {
  StackId a = engine_.intern(0, frame("main"));
  StackId b = engine_.intern(a, frame("f"));
  StackId c = engine_.intern(b, frame("g"));
  EXPECT_EQ(engine_.intern(b, frame("g")), c);  // hash-consed
  EXPECT_NE(engine_.intern(a, frame("g")), c);
  std::vector<FrameId> frames = engine_.frames(c);
  ASSERT_EQ(frames.size(), 3u);
  EXPECT_EQ(frames[0], frame("g"));
  EXPECT_EQ(frames[1], frame("f"));
  EXPECT_EQ(frames[2], frame("main"));
  EXPECT_TRUE(engine_.frames(0).empty());
}

TEST_F(Stacks, ShadowStackBuildsCallChains) {
  GState* m = go(nullptr, 1);
  FrameId* main_slot = engine_.func_enter(m);
  *main_slot = frame("main:call f");
  FrameId* f_slot = engine_.func_enter(m);
  *f_slot = frame("f:call g");
  engine_.func_enter(m);
  StackId s = engine_.stack_at(m, frame("g:access"));
  EXPECT_EQ(engine_.frames(s),
            (std::vector<FrameId>{frame("g:access"), frame("f:call g"), frame("main:call f")}));
  engine_.func_exit(m);
  // Back in f, which now calls h.
  *f_slot = frame("f:call h");
  engine_.func_enter(m);
  s = engine_.stack_at(m, frame("h:access"));
  EXPECT_EQ(engine_.frames(s),
            (std::vector<FrameId>{frame("h:access"), frame("f:call h"), frame("main:call f")}));
  engine_.func_exit(m);
  // A runtime call from f: the innermost call site is the top frame.
  *f_slot = frame("f:call chan send");
  s = engine_.stack_at(m, nullptr);
  EXPECT_EQ(engine_.frames(s),
            (std::vector<FrameId>{frame("f:call chan send"), frame("main:call f")}));
  engine_.func_exit(m);
  engine_.func_exit(m);
  engine_.func_exit(m);  // unbalanced extra exit is harmless
  EXPECT_EQ(engine_.frames(engine_.stack_at(m, frame("x"))), (std::vector<FrameId>{frame("x")}));
}

// A longjmp back into a frame skips the exits of the frames above it: the
// frame's setjmp, returning again, resumes it as the innermost.
TEST_F(Stacks, ResumeDropsTheFramesALongjmpLeft) {
  GState* m = go(nullptr, 1);
  FrameId* main_slot = engine_.func_enter(m);
  *main_slot = frame("main:call jumper");
  for (int depth = 0; depth < 20; depth++) *engine_.func_enter(m) = frame("jumper:recurse");
  engine_.func_resume(m, main_slot);
  EXPECT_EQ(engine_.frames(engine_.stack_at(m, frame("main:access"))),
            (std::vector<FrameId>{frame("main:access")}));
  *main_slot = frame("main:call after");
  FrameId* after_slot = engine_.func_enter(m);
  EXPECT_EQ(engine_.frames(engine_.stack_at(m, frame("after:access"))),
            (std::vector<FrameId>{frame("after:access"), frame("main:call after")}));
  // A slot above the current depth (left already) changes nothing.
  engine_.func_exit(m);
  engine_.func_resume(m, after_slot);
  EXPECT_EQ(engine_.frames(engine_.stack_at(m, frame("main:access"))),
            (std::vector<FrameId>{frame("main:access")}));
}

TEST_F(Stacks, DeepRecursionIsBoundedAndBalanced) {
  GState* m = go(nullptr, 1);
  for (int i = 0; i < 10000; i++) *engine_.func_enter(m) = frame("rec");
  StackId s = engine_.stack_at(m, frame("leaf"));
  EXPECT_LE(engine_.frames(s).size(), Config().shadow_stack_depth + 1);
  for (int i = 0; i < 10000; i++) engine_.func_exit(m);
  EXPECT_EQ(engine_.frames(engine_.stack_at(m, frame("top"))),
            (std::vector<FrameId>{frame("top")}));
}

TEST_F(Stacks, PreviousStackIsAlwaysReported) {
  GState* m = go(nullptr, 1);
  GState* a = go(m, 2);
  *engine_.func_enter(a) = frame("worker:call store");
  engine_.func_enter(a);
  write(a, &v, 8, "store");
  engine_.func_exit(a);
  engine_.func_exit(a);
  // Many unrelated accesses by a in between do not lose the stack.
  for (int i = 0; i < 1000; i++) write(a, &w, 8, "other");
  read(m, &v, 8, "load");
  ASSERT_EQ(races_.size(), 1u);
  const report::Race& r = races_[0];
  ASSERT_EQ(r.previous.stack.size(), 2u);
  EXPECT_EQ(r.previous.stack[0].function, "store");
  EXPECT_EQ(r.previous.stack[1].function, "worker:call store");
  ASSERT_EQ(r.current.stack.size(), 1u);
  EXPECT_EQ(r.current.stack[0].function, "load");
}

// A cell names its access by epoch; the goroutine's stack log must give
// each epoch the stack of the accesses recorded in it, across releases and
// stack changes in any order.
TEST_F(Stacks, PreviousStackIsTheOneOfItsEpoch) {
  alignas(8) static uint64_t x[4];
  int lock = 0;
  GState* m = go(nullptr, 1);
  GState* a = go(m, 2);
  write(a, &x[0], 8, "first");
  engine_.release(a, obj(&lock));  // new epoch, same stack next
  write(a, &x[1], 8, "first");
  write(a, &x[2], 8, "second");  // a stack change within an epoch
  write(a, &x[3], 8, "first");   // and back
  const char* expected[] = {"first", "first", "second", "first"};
  const char* loads[] = {"load 0", "load 1", "load 2", "load 3"};  // no dedup
  for (int i = 0; i < 4; i++) {
    races_.clear();
    GState* b = go(nullptr, 10 + i);  // ordered after nothing of a
    read(b, &x[i], 8, loads[i]);
    ASSERT_EQ(races_.size(), 1u) << i;
    ASSERT_EQ(races_[0].previous.stack.size(), 1u) << i;
    EXPECT_EQ(races_[0].previous.stack[0].function, expected[i]) << i;
    EXPECT_EQ(races_[0].previous.goroutine, 2u) << i;
  }
}

// Skipped accesses (already covered since the last release) log nothing:
// a loop alternating between two functions over the same memory keeps the
// first stack of each granule and the epoch stays put.
TEST_F(Stacks, CoveredAccessesDoNotAdvanceTheEpoch) {
  alignas(8) static uint64_t x;
  alignas(8) static uint64_t y;
  GState* m = go(nullptr, 1);
  GState* a = go(m, 2);
  write(a, &x, 8, "f");
  write(a, &y, 8, "g");
  for (int i = 0; i < 1000; i++) {
    write(a, &x, 8, "f again");
    write(a, &y, 8, "g again");
  }
  read(m, &x, 8, "load");
  ASSERT_EQ(races_.size(), 1u);
  EXPECT_EQ(races_[0].previous.stack[0].function, "f");
  read(m, &y, 8, "load y");
  ASSERT_EQ(races_.size(), 2u);
  EXPECT_EQ(races_[1].previous.stack[0].function, "g");
}

// Threads outside the scheduler carry Engine::thread_id(n): reports give them
// goroutine 0 and thread number n, in accesses and creation chains alike.
TEST_F(Stacks, ThreadsAreReportedByNumber) {
  alignas(8) static uint64_t shared;
  GState* main_thread = engine_.create_goroutine(nullptr, Engine::thread_id(1), 0);
  GState* worker = engine_.create_goroutine(main_thread, Engine::thread_id(2), 0);
  GState* other = engine_.create_goroutine(nullptr, Engine::thread_id(3), 0);
  EXPECT_EQ(Engine::goroutine_id(worker), 0u);
  EXPECT_EQ(Engine::creator_id(worker), 0u);  // a thread, not a goroutine
  write(worker, &shared, 8);
  write(other, &shared, 8);
  ASSERT_EQ(races_.size(), 1u);
  EXPECT_EQ(races_[0].current.goroutine, 0u);
  EXPECT_EQ(races_[0].current.thread, 3u);
  EXPECT_EQ(races_[0].previous.goroutine, 0u);
  EXPECT_EQ(races_[0].previous.thread, 2u);
  ASSERT_EQ(races_[0].previous_chain.size(), 2u);
  EXPECT_EQ(races_[0].previous_chain[0].thread, 2u);
  EXPECT_EQ(races_[0].previous_chain[1].thread, 1u);
}

TEST_F(Stacks, EqualStackPairsAreReportedOnce) {
  GState* m = go(nullptr, 1);
  for (int i = 0; i < 5; i++) {
    GState* a = go(m, 2 + i);
    write(a, &vs[i], 8, "store");
    read(m, &vs[i], 8, "load");
  }
  EXPECT_EQ(races_.size(), 1u);
  EXPECT_EQ(engine_.found(), 5u);
  GState* b = go(m, 100);
  write(b, &vs[0], 8, "other store");  // races the first store (a new pair)
  EXPECT_EQ(races_.size(), 2u);
}

TEST_F(Stacks, CreationStackIsReported) {
  GState* m = go(nullptr, 1);
  *engine_.func_enter(m) = frame("main:go worker");
  GState* a = engine_.create_goroutine(m, 2, engine_.stack_at(m, nullptr));
  write(a, &v, 8);
  write(m, &v, 8);
  ASSERT_EQ(races_.size(), 1u);
  ASSERT_EQ(races_[0].previous_chain.size(), 2u);
  ASSERT_EQ(races_[0].previous_chain[0].created_at.size(), 1u);
  EXPECT_EQ(races_[0].previous_chain[0].created_at[0].function, "main:go worker");
}

class NoDedup : public EngineTest {
 protected:
  static Config config() {
    Config c;
    c.suppress_equal_stacks = false;
    return c;
  }
  NoDedup() : EngineTest(config()) {}
};

TEST_F(NoDedup, EveryOccurrenceIsReported) {
  GState* m = go(nullptr, 1);
  for (int i = 0; i < 3; i++) {
    GState* a = go(m, 2 + i);
    write(a, &vs[i], 8, "store");
    read(m, &vs[i], 8, "load");
  }
  EXPECT_EQ(races_.size(), 3u);
}

class ShortStackHistory : public EngineTest {
 protected:
  static Config config() {
    Config c;
    c.stack_history = 4;
    return c;
  }
  ShortStackHistory() : EngineTest(config()) {}
};

// A goroutine that changed stacks more often than stack_history since an
// access: the race is still found and names the goroutine, the previous
// stack is reported as unknown (never as a wrong one); recent ones are kept.
TEST_F(ShortStackHistory, OldAccessLosesOnlyItsStack) {
  alignas(8) static uint64_t old_target;
  alignas(8) static uint64_t scratch[8];
  alignas(8) static uint64_t recent;
  const char* names[] = {"f0", "f1", "f2", "f3", "f4", "f5", "f6", "f7"};
  GState* m = go(nullptr, 1);
  GState* a = go(m, 2);
  write(a, &old_target, 8, "old");
  for (int i = 0; i < 8; i++) write(a, &scratch[i], 8, names[i]);
  write(a, &recent, 8, "recent");
  GState* b = go(nullptr, 3);
  read(b, &old_target, 8, "load old");
  ASSERT_EQ(races_.size(), 1u);
  EXPECT_TRUE(races_[0].previous.stack.empty());
  EXPECT_EQ(races_[0].previous.goroutine, 2u);
  read(b, &recent, 8, "load recent");
  ASSERT_EQ(races_.size(), 2u);
  ASSERT_EQ(races_[1].previous.stack.size(), 1u);
  EXPECT_EQ(races_[1].previous.stack[0].function, "recent");
}

class Suppressed : public EngineTest {
 protected:
  static Config config() {
    Config c;
    std::string error;
    EXPECT_TRUE(c.suppressions.parse("# comment\nrace:noisy_*\n", error)) << error;
    return c;
  }
  Suppressed() : EngineTest(config()) {}
};

TEST_F(Suppressed, MatchingRacesAreNotDelivered) {
  GState* m = go(nullptr, 1);
  GState* a = go(m, 2);
  write(a, &v, 8, "noisy_store");
  read(m, &v, 8, "load");
  EXPECT_TRUE(races_.empty());
  EXPECT_EQ(engine_.found(), 1u);
  write(a, &w, 8, "store");
  read(m, &w, 8, "load");
  EXPECT_EQ(races_.size(), 1u);
}

}  // namespace
}  // namespace gorace::analyzer::testing
