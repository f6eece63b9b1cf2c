// gor::Context: cancellation and timeouts propagate to children (never to
// parents), err values, idempotent cancel, deadlines, values.
#include <gtest/gtest.h>

#include <chrono>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "gor/gor.hpp"

namespace {

using namespace std::chrono_literals;

// Whether ctx.done() is closed right now (select with a default case).
bool is_done(const gor::Context& ctx) {
  bool closed = false;
  gor::select(gor::recv(ctx.done(), [&](std::monostate, bool) { closed = true; }),
              gor::default_case());
  return closed;
}

TEST(Context, BackgroundIsNeverDone) {
  gor::main([] {
    gor::Context bg = gor::background();
    EXPECT_FALSE(bg.err());
    EXPECT_EQ(bg.err(), nullptr);
    EXPECT_TRUE(bg.done().is_nil());
    EXPECT_FALSE(is_done(bg));
    EXPECT_FALSE(bg.deadline().has_value());
    EXPECT_TRUE(gor::todo().done().is_nil());
  });
}

TEST(Context, ErrorValuesPrintAsGo) {
  std::ostringstream out;
  out << gor::canceled << "|" << gor::deadline_exceeded << "|" << gor::ContextError();
  EXPECT_EQ(out.str(), "context canceled|context deadline exceeded|<nil>");
  EXPECT_NE(gor::canceled, gor::deadline_exceeded);
  EXPECT_TRUE(gor::canceled);
  EXPECT_EQ(gor::deadline_exceeded.message(), "context deadline exceeded");
}

TEST(Context, CancelClosesDoneAndSetsErr) {
  gor::main([] {
    auto [ctx, cancel] = gor::with_cancel(gor::background());
    EXPECT_FALSE(ctx.err());
    EXPECT_FALSE(is_done(ctx));
    auto woke = gor::make_chan<int>(1);
    gor::go([ctx = ctx, woke] {
      ctx.done().recv();  // parks until cancel
      woke.send(1);
    });
    cancel();
    EXPECT_EQ(woke.recv(), 1);
    EXPECT_EQ(ctx.err(), gor::canceled);
    EXPECT_TRUE(is_done(ctx));
    cancel();  // idempotent
    EXPECT_EQ(ctx.err(), gor::canceled);
  });
}

TEST(Context, ParentCancelPropagatesToDescendantsNotBack) {
  gor::main([] {
    auto [parent, cancel_parent] = gor::with_cancel(gor::background());
    auto [child, cancel_child] = gor::with_cancel(parent);
    auto [grandchild, cancel_grandchild] = gor::with_timeout(child, 1h);
    auto [sibling, cancel_sibling] = gor::with_cancel(parent);
    gor::Context valued = gor::with_value(child, "k", 1);

    cancel_sibling();  // a child's cancel leaves the parent and siblings alone
    EXPECT_EQ(sibling.err(), gor::canceled);
    EXPECT_FALSE(parent.err());
    EXPECT_FALSE(child.err());

    cancel_parent();
    for (const gor::Context* c : {&parent, &child, &grandchild, &valued}) {
      c->done().recv();
      EXPECT_EQ(c->err(), gor::canceled);
    }
    cancel_child();
    cancel_grandchild();
    EXPECT_EQ(grandchild.err(), gor::canceled);  // the first reason stays
  });
}

TEST(Context, ChildOfCanceledParentStartsCanceled) {
  gor::main([] {
    auto [parent, cancel] = gor::with_cancel(gor::background());
    cancel();
    auto [child, cancel_child] = gor::with_cancel(parent);
    EXPECT_TRUE(is_done(child));
    EXPECT_EQ(child.err(), gor::canceled);
    cancel_child();
  });
}

TEST(Context, TimeoutCancelsWithDeadlineExceeded) {
  gor::main([] {
    auto [ctx, cancel] = gor::with_timeout(gor::background(), 20ms);
    auto [child, cancel_child] = gor::with_cancel(ctx);
    ASSERT_TRUE(ctx.deadline().has_value());
    EXPECT_LE(*ctx.deadline(), gor::now() + 20ms);
    EXPECT_EQ(child.deadline(), ctx.deadline());
    EXPECT_FALSE(ctx.err());
    int which = gor::select(gor::recv(ctx.done()), gor::recv(gor::after(10s)));
    EXPECT_EQ(which, 0);
    EXPECT_EQ(ctx.err(), gor::deadline_exceeded);
    child.done().recv();
    EXPECT_EQ(child.err(), gor::deadline_exceeded);
    cancel();  // after the deadline: err stays
    EXPECT_EQ(ctx.err(), gor::deadline_exceeded);
    cancel_child();
  });
}

TEST(Context, ParentsEarlierDeadlineWins) {
  gor::main([] {
    auto [parent, cancel_parent] = gor::with_timeout(gor::background(), 20ms);
    auto [child, cancel_child] = gor::with_timeout(parent, 1h);
    EXPECT_EQ(child.deadline(), parent.deadline());
    child.done().recv();
    EXPECT_EQ(child.err(), gor::deadline_exceeded);
    cancel_child();
    cancel_parent();
  });
}

TEST(Context, WithDeadline) {
  gor::main([] {
    const gor::Time when = gor::now() + 20ms;
    auto [ctx, cancel] = gor::with_deadline(gor::background(), when);
    EXPECT_EQ(ctx.deadline(), when);
    ctx.done().recv();
    EXPECT_EQ(ctx.err(), gor::deadline_exceeded);
    EXPECT_STREQ(ctx.err().what(), "context deadline exceeded");
    cancel();
  });
}

// Any deadline already past is expired at once, however far back: the
// earliest one a Time holds too (its distance to now overflowed into the
// future), and a child's shorter timeout does not revive it.
TEST(Context, DeadlineFarInThePastIsAlreadyExpired) {
  gor::main([] {
    for (gor::Time past : {gor::now() - 1s, gor::Time{}, gor::Time::min(), gor::Time::min() + 1h}) {
      auto [ctx, cancel] = gor::with_deadline(gor::background(), past);
      EXPECT_TRUE(is_done(ctx));
      EXPECT_EQ(ctx.err(), gor::deadline_exceeded);
      auto [child, cancel_child] = gor::with_timeout(ctx, 1h);
      EXPECT_EQ(child.err(), gor::deadline_exceeded);
      cancel_child();
      cancel();
    }
  });
}

TEST(Context, CancelBeforeTimeoutStopsIt) {
  gor::main([] {
    auto [ctx, cancel] = gor::with_timeout(gor::background(), 30ms);
    cancel();
    EXPECT_EQ(ctx.err(), gor::canceled);
    gor::sleep(50ms);
    EXPECT_EQ(ctx.err(), gor::canceled);
  });
}

TEST(Context, NonPositiveTimeoutIsAlreadyExpired) {
  gor::main([] {
    auto [ctx, cancel] = gor::with_timeout(gor::background(), -1s);
    EXPECT_TRUE(is_done(ctx));
    EXPECT_EQ(ctx.err(), gor::deadline_exceeded);
    cancel();
  });
}

// A cancel returns only once the whole subtree is canceled, even when a
// node's own timer got there first (its cancel ran the subtree outside the
// node's lock, and the root's cascade, seeing the node done, returned early).
TEST(Context, CancelReturnsAfterItsWholeSubtree) {
  int late = 0;
  gor::main([&] {
    for (int round = 0; round < 1000; ++round) {
      auto [root, cancel_root] = gor::with_cancel(gor::background());
      auto [timed, cancel_timed] = gor::with_timeout(root, std::chrono::microseconds(50));
      std::vector<std::pair<gor::Context, gor::CancelFunc>> children;
      for (int i = 0; i < 200; ++i) children.push_back(gor::with_cancel(timed));
      // No scheduling point: the timer fires on another worker meanwhile.
      const auto until =
          std::chrono::steady_clock::now() + std::chrono::microseconds(40 + round % 40);
      while (std::chrono::steady_clock::now() < until) {
      }
      cancel_root();
      for (auto& [child, cancel] : children) late += child.err() ? 0 : 1;
      cancel_timed();
    }
  });
  EXPECT_EQ(late, 0);
}

TEST(Context, Values) {
  gor::main([] {
    gor::Context a = gor::with_value(gor::background(), "user", std::string("gopher"));
    auto [b, cancel] = gor::with_cancel(a);
    gor::Context c = gor::with_value(b, "user", std::string("override"));
    ASSERT_NE(b.value("user"), nullptr);
    EXPECT_EQ(std::any_cast<std::string>(*b.value("user")), "gopher");
    EXPECT_EQ(std::any_cast<std::string>(*c.value("user")), "override");
    EXPECT_EQ(c.value("missing"), nullptr);
    EXPECT_TRUE(a.done().is_nil());  // a value context of background is never done
    cancel();
    EXPECT_EQ(c.err(), gor::canceled);
  });
}

// A typical use: workers stop when the context is canceled.
TEST(Context, StopsWorkers) {
  gor::main([] {
    auto [ctx, cancel] = gor::with_cancel(gor::background());
    gor::WaitGroup wg;
    auto work = gor::make_chan<int>();
    for (int w = 0; w < 4; ++w) {
      wg.go([ctx = ctx, work] {
        for (;;) {
          bool stop = false;
          gor::select(gor::recv(ctx.done(), [&](std::monostate) { stop = true; }),
                      gor::recv(work, [](int) {}));
          if (stop) return;
        }
      });
    }
    for (int i = 0; i < 100; ++i) work.send(i);
    cancel();
    wg.wait();
  });
}

// Chains of contexts far deeper than recursion on a goroutine's stack
// allows: canceling the root of 100,000 nested with_cancel contexts, and
// dropping 100,000 nested with_value contexts, as Go handles them.
TEST(Context, DeepChainsCancelAndAreReleasedWithoutRecursion) {
  gor::main([] {
    constexpr int kDepth = 100000;
    gor::Context leaf = gor::background();
    gor::CancelFunc cancel_root;
    for (int i = 0; i < kDepth; i++) {
      auto [child, cancel] = gor::with_cancel(leaf);
      if (i == 0) cancel_root = cancel;
      leaf = child;
    }
    cancel_root();
    leaf.done().recv();
    EXPECT_EQ(leaf.err(), gor::canceled);
    leaf = gor::background();
    cancel_root = gor::CancelFunc();
    gor::Context values = gor::background();
    for (int i = 0; i < kDepth; i++) values = gor::with_value(values, "depth", i);
    EXPECT_EQ(std::any_cast<int>(*values.value("depth")), kDepth - 1);
    EXPECT_EQ(values.value("missing"), nullptr);
    values = gor::background();  // drops the whole chain
  });
}

}  // namespace
