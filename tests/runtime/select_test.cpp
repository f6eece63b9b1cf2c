// select: readiness, random fairness, default, nil cases, send cases, close.
#include <gtest/gtest.h>

#include <atomic>
#include <string>

#include "gor/gor.hpp"

namespace {

using namespace std::chrono_literals;

TEST(Select, FairAmongReadyCases) {
  gor::main([] {
    auto a = gor::make_chan<int>(1), b = gor::make_chan<int>(1);
    int na = 0, nb = 0;
    for (int i = 0; i < 10000; ++i) {
      if (a.len() == 0) a.send(1);
      if (b.len() == 0) b.send(2);
      int idx = gor::select(gor::recv(a, [&](int v) { EXPECT_EQ(v, 1); }),
                            gor::recv(b, [&](int v, bool ok) { EXPECT_TRUE(ok && v == 2); }));
      (idx == 0 ? na : nb)++;
    }
    EXPECT_GE(na, 4000);
    EXPECT_LE(na, 6000);
    EXPECT_EQ(na + nb, 10000);
  });
}

TEST(Select, NilCasesAreNeverChosen) {
  gor::main([] {
    gor::Chan<int> nil;
    auto ready = gor::make_chan<int>(1);
    for (int i = 0; i < 1000; ++i) {
      ready.send(i);
      int idx = gor::select(gor::recv(nil, [](int) { ADD_FAILURE(); }), gor::send(nil, 1),
                            gor::recv(ready));
      EXPECT_EQ(idx, 2);
    }
  });
}

TEST(Select, DefaultWhenNothingIsReady) {
  gor::main([] {
    auto c = gor::make_chan<int>();
    bool ran = false;
    EXPECT_EQ(gor::select(gor::recv(c), gor::default_case([&] { ran = true; })), 1);
    EXPECT_TRUE(ran);
    EXPECT_EQ(gor::select(gor::default_case()), 0);
  });
}

TEST(Select, BlocksUntilACaseIsReady) {
  gor::main([] {
    auto a = gor::make_chan<int>();
    auto b = gor::make_chan<std::string>();
    gor::go([b] {
      gor::sleep(2ms);
      b.send("late");
    });
    std::string got;
    int idx = gor::select(gor::recv(a), gor::recv(b, [&](std::string s) { got = s; }));
    EXPECT_EQ(idx, 1);
    EXPECT_EQ(got, "late");
  });
}

TEST(Select, SendCaseHandsValueToReceiver) {
  gor::main([] {
    auto c = gor::make_chan<int>();
    auto out = gor::make_chan<int>(1);
    gor::go([=] { out.send(c.recv()); });
    bool sent = false;
    EXPECT_EQ(gor::select(gor::send(c, 9, [&] { sent = true; })), 0);
    EXPECT_TRUE(sent);
    EXPECT_EQ(out.recv(), 9);
  });
}

TEST(Select, ClosedChannelIsReadyWithOkFalse) {
  gor::main([] {
    auto c = gor::make_chan<int>();
    gor::go([c] {
      gor::sleep(1ms);
      c.close();
    });
    bool ok = true;
    int v = -1;
    gor::select(gor::recv(c, [&](int x, bool o) {
      v = x;
      ok = o;
    }));
    EXPECT_FALSE(ok);
    EXPECT_EQ(v, 0);
  });
}

TEST(Select, SendOnClosedChannelPanics) {
  gor::main([] {
    auto c = gor::make_chan<int>(1);
    c.close();
    EXPECT_THROW(gor::select(gor::send(c, 1)), gor::Panic);
    auto u = gor::make_chan<int>();
    std::string msg;
    gor::go([u] {
      gor::sleep(1ms);
      u.close();
    });
    try {
      gor::select(gor::send(u, 1), gor::recv(gor::Chan<int>()));
    } catch (const gor::Panic& p) {
      msg = p.what();
    }
    EXPECT_EQ(msg, "send on closed channel");
  });
}

TEST(Select, SameChannelInSeveralCases) {
  gor::main([] {
    auto c = gor::make_chan<int>(1);
    for (int i = 0; i < 100; ++i) {
      int idx = gor::select(gor::send(c, i), gor::recv(c));
      EXPECT_EQ(idx, c.len() == 1 ? 0 : 1);
    }
  });
}

TEST(Select, ViewsAsCases) {
  gor::main([] {
    auto c = gor::make_chan<int>(1);
    gor::SendChan<int> s = c;
    gor::RecvChan<int> r = c;
    EXPECT_EQ(gor::select(gor::send(s, 3)), 0);
    int v = 0;
    EXPECT_EQ(gor::select(gor::recv(r, [&](int x) { v = x; })), 0);
    EXPECT_EQ(v, 3);
  });
}

TEST(Select, StressMatchesEveryValueOnce) {
  gor::main([] {
    constexpr int kN = 20000;
    auto a = gor::make_chan<int>(), b = gor::make_chan<int>(8), quit = gor::make_chan<int>();
    auto done = gor::make_chan<long>();
    gor::go([=] {
      long sum = 0;
      int got = 0;
      while (got < kN) {
        gor::select(gor::recv(a, [&](int v) { sum += v, ++got; }),
                    gor::recv(b, [&](int v) { sum += v, ++got; }));
      }
      done.send(sum);
    });
    for (int w = 0; w < 4; ++w) {
      gor::go([=] {
        for (int i = w; i < kN; i += 4) {
          gor::select(gor::send(a, i), gor::send(b, i), gor::recv(quit));
        }
      });
    }
    EXPECT_EQ(done.recv(), long{kN} * (kN - 1) / 2);
  });
}

}  // namespace

namespace {

TEST(Select, CaseFunctionsMayTakeReferences) {
  gor::main([] {
    auto c = gor::make_chan<std::string>(2);
    c.send("a");
    c.send("b");
    std::string got;
    gor::select(gor::recv(c, [&](std::string& s, bool ok) { got += ok ? s : "?"; }));
    gor::select(gor::recv(c, [&](const std::string& s) { got += s; }));
    c.close();
    gor::select(gor::recv(c, [&](auto s, bool ok) { got += ok ? s : "!"; }));
    EXPECT_EQ(got, "ab!");
  });
}

}  // namespace
