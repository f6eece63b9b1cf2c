// Port of Go's src/runtime/race/testdata/select_test.go: a select orders
// only through the case it chose, exactly like the plain channel operation,
// and its default case orders nothing. 5 TestRace* and 5 TestNoRace* tests.
// Conventions: see chan_test.cpp. Go's commented-out TestFlakyDefault is not
// a test there and is not ported.
#include <functional>

#include <gor/gor.hpp>

#include "harness.hpp"

namespace {

using gosuite::use;
using gosuite::var;

void TestNoRaceSelect1() {
  int& x = var<int>(0);
  auto compl_ = gosuite::make_chan<bool>();
  auto c = gosuite::make_chan<bool>();
  auto c1 = gosuite::make_chan<bool>();
  gor::go([&x, compl_, c, c1] {
    x = 1;
    gor::select(gor::send(c, true, [] {}), gor::send(c1, true, [] {}));
    compl_.send(true);
  });
  gor::select(gor::recv(c, [](bool, bool) {}), gor::send(c1, true, [] {}));
  x = 2;
  compl_.recv();
}

void TestNoRaceSelect2() {
  int& x = var<int>(0);
  auto compl_ = gosuite::make_chan<bool>();
  auto c = gosuite::make_chan<bool>();
  auto c1 = gosuite::make_chan<bool>();
  gor::go([&x, compl_, c, c1] {
    gor::select(gor::recv(c, [](bool, bool) {}), gor::recv(c1, [](bool, bool) {}));
    x = 1;
    compl_.send(true);
  });
  x = 2;
  c.close();
  gor::yield();
  compl_.recv();
}

void TestNoRaceSelect3() {
  int& x = var<int>(0);
  auto compl_ = gosuite::make_chan<bool>();
  auto c = gosuite::make_chan<bool>(10);
  auto c1 = gosuite::make_chan<bool>();
  gor::go([&x, compl_, c, c1] {
    x = 1;
    gor::select(gor::send(c, true, [] {}), gor::recv(c1, [](bool, bool) {}));
    compl_.send(true);
  });
  c.recv();
  x = 2;
  compl_.recv();
}

void TestNoRaceSelect4() {
  struct Task {
    std::function<void()> f;
    gor::Chan<bool> done;
  };
  auto queue = gosuite::make_chan<Task>();
  auto dummy = gosuite::make_chan<bool>();
  // Serves tasks forever; left blocked on `queue` after the test, as in Go.
  gor::go([queue] {
    for (;;) {
      gor::select(gor::recv(queue, [](Task t, bool) {
        t.f();
        t.done.send(true);
      }));
    }
  });
  auto doit = [queue, dummy](std::function<void()> f) {
    auto done = gosuite::make_chan<bool>(1);
    gor::select(gor::send(queue, Task{std::move(f), done}, [] {}),
                gor::recv(dummy, [](bool, bool) {}));
    gor::select(gor::recv(done, [](bool, bool) {}), gor::recv(dummy, [](bool, bool) {}));
  };
  int& x = var<int>(0);
  doit([&x] { x = 1; });
  use(x);
}

void TestNoRaceSelect5() {
  auto test = [](bool sel, bool need_sched) {
    int& x = var<int>(0);
    auto ch = gosuite::make_chan<bool>();
    auto c1 = gosuite::make_chan<bool>();
    auto done = gosuite::make_chan<bool>(2);
    gor::go([&x, ch, c1, done, sel, need_sched] {
      if (need_sched) gor::yield();
      x = 1;
      if (sel) {
        gor::select(gor::send(ch, true, [] {}), gor::recv(c1, [](bool, bool) {}));
      } else {
        ch.send(true);
      }
      done.send(true);
    });
    gor::go([&x, ch, c1, done, sel] {
      if (sel) {
        gor::select(gor::recv(ch, [](bool, bool) {}), gor::recv(c1, [](bool, bool) {}));
      } else {
        ch.recv();
      }
      x = 1;
      done.send(true);
    });
    done.recv();
    done.recv();
  };
  test(true, true);
  test(true, false);
  test(false, true);
  test(false, false);
}

void TestRaceSelect1() {
  int& x = var<int>(0);
  auto compl_ = gosuite::make_chan<bool>(2);
  auto c = gosuite::make_chan<bool>();
  auto c1 = gosuite::make_chan<bool>();
  gor::go([c] {
    c.recv();
    c.recv();
  });
  auto f = [&x, compl_, c, c1] {
    gor::select(gor::send(c, true, [] {}), gor::send(c1, true, [] {}));
    x = 1;
    compl_.send(true);
  };
  gor::go(f);
  gor::go(f);
  compl_.recv();
  compl_.recv();
}

void TestRaceSelect2() {
  int& x = var<int>(0);
  auto compl_ = gosuite::make_chan<bool>();
  auto c = gosuite::make_chan<bool>();
  auto c1 = gosuite::make_chan<bool>();
  gor::go([&x, compl_, c, c1] {
    x = 1;
    gor::select(gor::recv(c, [](bool, bool) {}), gor::recv(c1, [](bool, bool) {}));
    compl_.send(true);
  });
  c.close();
  x = 2;
  compl_.recv();
}

void TestRaceSelect3() {
  int& x = var<int>(0);
  auto compl_ = gosuite::make_chan<bool>();
  auto c = gosuite::make_chan<bool>();
  auto c1 = gosuite::make_chan<bool>();
  gor::go([&x, compl_, c, c1] {
    x = 1;
    gor::select(gor::send(c, true, [] {}), gor::send(c1, true, [] {}));
    compl_.send(true);
  });
  x = 2;
  gor::select(gor::recv(c, [](bool, bool) {}));
  compl_.recv();
}

void TestRaceSelect4() {
  auto done = gosuite::make_chan<bool>(1);
  int& x = var<int>(0);
  gor::go([&x, done] {
    gor::select(gor::default_case([&x] { x = 2; }));
    done.send(true);
  });
  use(x);
  done.recv();
}

// Go's comment: the idea is two variables, one accessed with synchronization
// and one without, the select always choosing the unsynchronized one; Go
// notes the test does not quite do that. Ported as written.
void TestRaceSelect5() {
  auto done = gosuite::make_chan<bool>(1);
  auto c1 = gosuite::make_chan<bool>(1);
  auto c2 = gosuite::make_chan<bool>();
  int& x = var<int>(0);
  int& y = var<int>(0);
  gor::go([&x, &y, done, c1, c2] {
    gor::select(gor::send(c1, true, [&x] { x = 1; }), gor::send(c2, true, [&y] { y = 1; }));
    done.send(true);
  });
  use(x);
  use(y);
  done.recv();
}

constexpr gosuite::Test kTests[] = {
    GOSUITE_TEST(TestNoRaceSelect1), GOSUITE_TEST(TestNoRaceSelect2),
    GOSUITE_TEST(TestNoRaceSelect3), GOSUITE_TEST(TestNoRaceSelect4),
    GOSUITE_TEST(TestNoRaceSelect5), GOSUITE_TEST(TestRaceSelect1),
    GOSUITE_TEST(TestRaceSelect2),   GOSUITE_TEST(TestRaceSelect3),
    GOSUITE_TEST(TestRaceSelect4),   GOSUITE_TEST(TestRaceSelect5),
};

}  // namespace

int main(int argc, char** argv) {
  return gosuite::run(argc, argv, kTests);
}
