// Channels: hand-off, buffering, close, range, nil channels, views.
#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "gor/gor.hpp"

namespace {

// Under race detection the runtime hides element moves that run user code
// (they are not the program's own accesses); trivial ones run none.
TEST(Chan, ElementOpsKnowWhetherMovesRunUserCode) {
  struct Plain {
    int a;
    double b;
  };
  struct UserMove {
    UserMove() = default;
    UserMove(UserMove&& o) noexcept : v(o.v) {}
    int v = 0;
  };
  EXPECT_TRUE(gor::detail::kElemOps<int>.trivial);
  EXPECT_TRUE(gor::detail::kElemOps<Plain>.trivial);
  EXPECT_FALSE(gor::detail::kElemOps<std::string>.trivial);
  EXPECT_FALSE(gor::detail::kElemOps<UserMove>.trivial);
  EXPECT_FALSE(gor::detail::kElemOps<std::vector<int>>.trivial);
}

TEST(Chan, UnbufferedSendWaitsForReceiver) {
  gor::main([] {
    auto c = gor::make_chan<int>();
    std::atomic<bool> sent{false};
    auto done = gor::make_chan<int>();
    gor::go([&, c, done] {
      c.send(42);
      sent = true;
      done.send(0);
    });
    gor::sleep(std::chrono::milliseconds(5));
    EXPECT_FALSE(sent.load());  // no receiver yet: the send cannot complete
    EXPECT_EQ(c.recv(), 42);
    done.recv();
    EXPECT_TRUE(sent.load());
  });
}

TEST(Chan, UnbufferedReceiverFirstAndSenderFirst) {
  gor::main([] {
    auto c = gor::make_chan<std::string>();
    auto back = gor::make_chan<std::string>();
    gor::go([=] { back.send(c.recv() + "!"); });  // receiver parks first
    c.send("ping");
    EXPECT_EQ(back.recv(), "ping!");
    gor::go([=] { c.send("pong"); });  // sender parks first
    gor::sleep(std::chrono::milliseconds(1));
    EXPECT_EQ(c.recv(), "pong");
  });
}

TEST(Chan, BufferedIsFifoAndBlocksAtCapacity) {
  gor::main([] {
    auto c = gor::make_chan<int>(3);
    EXPECT_EQ(c.cap(), 3u);
    for (int i = 0; i < 3; ++i) c.send(i);
    EXPECT_EQ(c.len(), 3u);
    int idx = gor::select(gor::send(c, 3), gor::default_case());
    EXPECT_EQ(idx, 1);  // full: a send would block
    std::atomic<bool> fourth{false};
    gor::go([&, c] {
      c.send(3);
      fourth = true;
    });
    gor::sleep(std::chrono::milliseconds(5));
    EXPECT_FALSE(fourth.load());
    for (int i = 0; i < 4; ++i) EXPECT_EQ(c.recv(), i);
    EXPECT_EQ(c.len(), 0u);
  });
}

TEST(Chan, CloseWakesAllReceivers) {
  gor::main([] {
    auto c = gor::make_chan<int>();
    auto results = gor::make_chan<bool>(20);
    for (int i = 0; i < 20; ++i) gor::go([=] { results.send(c.recv_ok().second); });
    gor::sleep(std::chrono::milliseconds(5));
    c.close();
    for (int i = 0; i < 20; ++i) EXPECT_FALSE(results.recv());
  });
}

TEST(Chan, CloseWakesAllSendersWhichPanic) {
  gor::main([] {
    auto c = gor::make_chan<int>();
    auto msgs = gor::make_chan<std::string>(10);
    for (int i = 0; i < 10; ++i) {
      gor::go([=] {
        try {
          c.send(i);
          msgs.send("sent");
        } catch (const gor::Panic& p) {
          msgs.send(p.what());
        }
      });
    }
    gor::sleep(std::chrono::milliseconds(5));
    c.close();
    for (int i = 0; i < 10; ++i) EXPECT_EQ(msgs.recv(), "send on closed channel");
  });
}

TEST(Chan, RecvOkDrainsBufferThenReportsClosed) {
  gor::main([] {
    auto c = gor::make_chan<int>(2);
    c.send(1);
    c.send(2);
    c.close();
    EXPECT_EQ(c.recv_ok(), std::make_pair(1, true));
    EXPECT_EQ(c.recv_ok(), std::make_pair(2, true));
    EXPECT_EQ(c.recv_ok(), std::make_pair(0, false));
    EXPECT_EQ(c.recv(), 0);
  });
}

TEST(Chan, RangeStopsAtClose) {
  gor::main([] {
    auto c = gor::make_chan<int>(4);
    gor::go([c] {
      for (int i = 0; i < 100; ++i) c.send(i);
      c.close();
    });
    int sum = 0, n = 0;
    for (int v : c) {
      sum += v;
      ++n;
    }
    EXPECT_EQ(n, 100);
    EXPECT_EQ(sum, 4950);
  });
}

TEST(Chan, MisuseThrowsGoPanics) {
  gor::main([] {
    auto c = gor::make_chan<int>(1);
    c.close();
    try {
      c.close();
      ADD_FAILURE();
    } catch (const gor::Panic& p) {
      EXPECT_STREQ(p.what(), "close of closed channel");
    }
    try {
      c.send(1);
      ADD_FAILURE();
    } catch (const gor::Panic& p) {
      EXPECT_STREQ(p.what(), "send on closed channel");
    }
    gor::Chan<int> nil;
    try {
      nil.close();
      ADD_FAILURE();
    } catch (const gor::Panic& p) {
      EXPECT_STREQ(p.what(), "close of nil channel");
    }
    EXPECT_THROW(gor::make_chan<int>(-1), gor::Panic);
  });
}

TEST(Chan, NilChannelHasNoLengthAndNeverProceeds) {
  gor::main([] {
    gor::Chan<int> nil;
    EXPECT_TRUE(nil.is_nil());
    EXPECT_EQ(nil.len(), 0u);
    EXPECT_EQ(nil.cap(), 0u);
    EXPECT_EQ(gor::select(gor::recv(nil), gor::send(nil, 1), gor::default_case()), 2);
  });
}

TEST(Chan, CopiesShareOneChannel) {
  gor::main([] {
    auto a = gor::make_chan<int>(1);
    gor::Chan<int> b = a;
    EXPECT_TRUE(a == b);
    b.send(5);
    EXPECT_EQ(a.recv(), 5);
  });
}

TEST(Chan, DirectionalViews) {
  gor::main([] {
    auto c = gor::make_chan<int>();
    gor::SendChan<int> out = c;
    gor::RecvChan<int> in = c;
    gor::go([out] {
      for (int i = 1; i <= 3; ++i) out.send(i);
      out.close();
    });
    int sum = 0;
    for (int v : in) sum += v;
    EXPECT_EQ(sum, 6);
  });
}

TEST(Chan, MoveOnlyElements) {
  gor::main([] {
    auto c = gor::make_chan<std::unique_ptr<int>>(1);
    c.send(std::make_unique<int>(7));
    auto u = gor::make_chan<std::unique_ptr<int>>();
    gor::go([u] { u.send(std::make_unique<int>(8)); });
    EXPECT_EQ(*c.recv(), 7);
    EXPECT_EQ(*u.recv(), 8);
  });
}

TEST(Chan, BufferedElementsAreDestroyedWithTheChannel) {
  auto counter = std::make_shared<int>(0);
  gor::main([&] {
    auto c = gor::make_chan<std::shared_ptr<int>>(4);
    c.send(counter);
    c.send(counter);
    EXPECT_EQ(counter.use_count(), 3);
  });
  EXPECT_EQ(counter.use_count(), 1);
}

TEST(Chan, ManyProducersAndConsumers) {
  gor::main([] {
    constexpr int kProducers = 8, kPer = 5000;
    for (int cap : {0, 1, 64}) {
      auto c = gor::make_chan<long>(cap);
      auto sums = gor::make_chan<long>(kProducers);
      auto done = gor::make_chan<int>(kProducers);
      for (int p = 0; p < kProducers; ++p) {
        gor::go([=] {
          for (int i = 1; i <= kPer; ++i) c.send(i);
          done.send(1);
        });
        gor::go([=] {
          long s = 0;
          for (long v : c) s += v;
          sums.send(s);
        });
      }
      for (int p = 0; p < kProducers; ++p) done.recv();
      c.close();
      long total = 0;
      for (int p = 0; p < kProducers; ++p) total += sums.recv();
      EXPECT_EQ(total, long{kProducers} * kPer * (kPer + 1) / 2) << "cap " << cap;
    }
  });
}

}  // namespace

namespace {

// A goroutine that blocks inside a catch block may resume on another worker:
// its exception state must travel with it.
TEST(Chan, BlockingInsideCatchKeepsTheException) {
  gor::main([] {
    auto results = gor::make_chan<std::string>();
    for (int i = 0; i < 8; ++i) {
      gor::go([=] {
        try {
          gor::panic("p" + std::to_string(i));
        } catch (const gor::Panic&) {
          gor::sleep(std::chrono::microseconds(100 * (i % 3)));
          results.send("caught");  // parks: the receiver is slow
          try {
            throw;  // rethrows the exception being handled
          } catch (const gor::Panic& again) {
            results.send(again.what());
          }
        }
      });
    }
    std::multiset<std::string> got;
    for (int i = 0; i < 16; ++i) {
      gor::sleep(std::chrono::microseconds(50));
      got.insert(results.recv());
    }
    EXPECT_EQ(got.count("caught"), 8u);
    for (int i = 0; i < 8; ++i) EXPECT_EQ(got.count("p" + std::to_string(i)), 1u) << i;
  });
}

}  // namespace

namespace {

// A thread that is not a goroutine may block on channels too (its OS thread
// sleeps until a goroutine completes the operation).
TEST(Chan, PlainThreadsCanBlockOnChannels) {
  gor::main([] {
    auto in = gor::make_chan<int>();
    auto out = gor::make_chan<int>();
    gor::go([=] {
      for (int v : in) out.send(v * 2);
      out.close();
    });
    long sum = 0;
    std::thread t([&] {
      for (int i = 1; i <= 1000; ++i) {
        in.send(i);
        gor::select(gor::recv(out, [&](int v) { sum += v; }));
      }
      in.close();
      EXPECT_FALSE(out.recv_ok().second);
    });
    // Blocking the worker here would stall the goroutine at GOMAXPROCS=1:
    // wait on the thread through a channel instead.
    auto joined = gor::make_chan<int>();
    std::thread([&] {
      t.join();
      joined.send(1);  // parks this plain thread until main receives
    }).detach();
    joined.recv();
    EXPECT_EQ(sum, 1000 * 1001);
  });
}

}  // namespace
