// Engine::atomic_op, the analyzer's half of the runtime's atomic operations:
// an operation's instruction and its clock work are one step, so no other
// operation on the same object takes effect between them. This is the
// interleaving of bug B10 (Go's TestRaceAtomicAddInt64 with GOMAXPROCS=2):
// with hooks beside the instruction, goroutine A's fetch_add took effect
// first, B's release hook ran before A's acquire hook, and A acquired B's
// clock, hiding the race on x2.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <thread>
#include <vector>

#include "gorace/analyzer/engine.hpp"

namespace {

using gorace::analyzer::Config;
using gorace::analyzer::Engine;
using gorace::analyzer::FrameId;
using gorace::analyzer::GState;
using gorace::analyzer::Hooks;
using gorace::analyzer::kWrite;
namespace report = gorace::report;

constexpr uint8_t kAcqRel = Engine::kSyncAcquire | Engine::kSyncRelease;

class AtomicOp : public ::testing::Test {
 protected:
  AtomicOp() : engine_(Config(), hooks()) {}

  Hooks hooks() {
    Hooks h;
    h.expand_frame = [](FrameId f, report::Stack& out) {
      report::Frame frame;
      frame.function = static_cast<const char*>(f);
      frame.file = "engine_atomic_op_test.cpp";
      out.push_back(frame);
    };
    h.on_race = [this](const report::Race&) { races_.fetch_add(1); };
    return h;
  }

  void write(GState* g, const void* p, const char* at) {
    engine_.access(g, reinterpret_cast<uintptr_t>(p), 8, kWrite, at);
  }

  // Runs `op` as the instruction of an atomic operation by `g` on `obj`.
  template <class Op>
  uint8_t atomic_op(GState* g, const void* obj, Op& op) {
    return engine_.atomic_op(
        g, reinterpret_cast<uintptr_t>(obj), [](void* arg) { return (*static_cast<Op*>(arg))(); },
        &op, "test fetch_add");
  }

  Engine engine_;
  std::atomic<int> races_{0};
};

// Go's TestRaceAtomicAddInt64, in B10's order: B writes x2 and calls its
// fetch_add on another thread while A's fetch_add (which takes effect first)
// is still in progress. A saw 0, so (as the goroutine that came first) it
// writes x2: B's write is not ordered before it, B's release came after.
TEST_F(AtomicOp, OperationTakingEffectLaterIsNotAcquiredEarlier) {
  alignas(8) static int64_t x2;
  std::atomic<int64_t> s{0};
  GState* root = engine_.create_goroutine(nullptr, 1, 0, true);
  GState* a = engine_.create_goroutine(root, 2, 0);
  GState* b = engine_.create_goroutine(root, 3, 0);

  int64_t a_saw = -1;
  int64_t b_saw = -1;
  std::atomic<bool> b_called{false};
  std::atomic<bool> b_returned{false};
  bool b_returned_during_a = true;
  std::thread b_thread;
  auto b_op = [&] {
    b_saw = s.fetch_add(1);
    return kAcqRel;
  };
  auto a_op = [&] {
    a_saw = s.fetch_add(1);
    b_thread = std::thread([&] {
      write(b, &x2, "B writes x2");
      b_called.store(true);
      atomic_op(b, &s, b_op);
      b_returned.store(true);
    });
    while (!b_called.load()) std::this_thread::yield();
    // Time for B's whole operation, had it not to wait for A's.
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    b_returned_during_a = b_returned.load();
    return kAcqRel;
  };
  atomic_op(a, &s, a_op);
  b_thread.join();

  EXPECT_FALSE(b_returned_during_a) << "B's operation completed inside A's";
  EXPECT_EQ(a_saw, 0);
  EXPECT_EQ(b_saw, 1);
  write(a, &x2, "A writes x2");
  EXPECT_EQ(races_.load(), 1) << "A acquired the clock of B's later release";
}

// The clock work follows what the instruction reports: a release by one
// goroutine orders its earlier write before an acquire by another; an
// operation that reports no synchronisation (a relaxed one, a failed
// compare-exchange whose failure order is relaxed) neither publishes nor
// acquires.
TEST_F(AtomicOp, ClockWorkFollowsTheReportedSynchronisation) {
  alignas(8) static int64_t data[3];
  int flag = 0;
  GState* root = engine_.create_goroutine(nullptr, 1, 0, true);
  GState* a = engine_.create_goroutine(root, 2, 0);
  GState* b = engine_.create_goroutine(root, 3, 0);
  auto release = [] { return uint8_t{Engine::kSyncRelease}; };
  auto acquire = [] { return uint8_t{Engine::kSyncAcquire}; };
  auto relaxed = [] { return uint8_t{Engine::kSyncNone}; };

  write(a, &data[0], "A writes data[0]");
  atomic_op(a, &flag, relaxed);
  atomic_op(b, &flag, acquire);
  write(b, &data[0], "B writes data[0]");
  EXPECT_EQ(races_.load(), 1) << "a relaxed operation published";

  write(a, &data[1], "A writes data[1]");
  atomic_op(a, &flag, release);
  atomic_op(b, &flag, relaxed);
  write(b, &data[1], "B writes data[1]");
  EXPECT_EQ(races_.load(), 2) << "a relaxed operation acquired";

  write(a, &data[2], "A writes data[2]");
  atomic_op(a, &flag, release);
  EXPECT_EQ(atomic_op(b, &flag, acquire), Engine::kSyncAcquire);
  write(b, &data[2], "B writes data[2]");
  EXPECT_EQ(races_.load(), 2) << "release then acquire did not order";
}

}  // namespace
