// For every row of the happens-before edge table (ARCHITECTURE.md), a racy
// program that must be reported in every run and a synchronised one that
// must never be.
#include <atomic>
#include <chrono>
#include <string>
#include <string_view>
#include <utility>

#include "gor/race_abi.h"
#include "race_case.hpp"

namespace gorace_race_tests {
namespace {

using namespace std::chrono_literals;

#define EXPECT_ALWAYS_RACY(...) EXPECT_EQ(runs_with_races(__VA_ARGS__), kRuns)
#define EXPECT_NEVER_RACY(...) EXPECT_EQ(runs_with_races(__VA_ARGS__), 0)

TEST(Go, ParentBeforeGoHappensBeforeChild) {
  EXPECT_NEVER_RACY([] {
    int64_t* p = cell();
    W(p);
    auto done = gor::make_chan<int>();
    gor::go([p, done] {
      R(p);
      done.send(1);
    });
    done.recv();
  });
}

TEST(Go, ParentAfterGoRacesChild) {
  EXPECT_ALWAYS_RACY([] {
    int64_t* p = cell();
    auto done = gor::make_chan<int>();
    gor::go([p, done] {
      R(p);
      done.send(1);
    });
    W(p);
    done.recv();
  });
}

TEST(UnbufferedChan, SendHappensBeforeReceiveCompletes) {
  EXPECT_NEVER_RACY([] {
    int64_t* p = cell();
    auto ch = gor::make_chan<int>();
    gor::go([p, ch] {
      W(p);
      ch.send(1);
    });
    ch.recv();
    W(p);
  });
}

TEST(UnbufferedChan, ReceiveHappensBeforeSendCompletes) {
  EXPECT_NEVER_RACY([] {
    int64_t* p = cell();
    auto ch = gor::make_chan<int>();
    auto done = gor::make_chan<int>();
    gor::go([p, ch, done] {
      ch.send(1);
      W(p);
      done.send(1);
    });
    W(p);
    ch.recv();
    done.recv();
  });
}

TEST(UnbufferedChan, AccessesAfterTheExchangeRace) {
  EXPECT_ALWAYS_RACY([] {
    int64_t* p = cell();
    auto ch = gor::make_chan<int>();
    auto done = gor::make_chan<int>();
    gor::go([p, ch, done] {
      ch.send(1);
      W(p);
      done.send(1);
    });
    ch.recv();
    W(p);
    done.recv();
  });
}

TEST(BufferedChan, KthReceiveHappensBeforeKPlusCthSendCompletes) {
  EXPECT_NEVER_RACY([] {
    int64_t* p = cell();
    auto ch = gor::make_chan<int>(1);
    auto done = gor::make_chan<int>();
    gor::go([p, ch, done] {
      ch.send(1);
      ch.send(2);  // completes after the first receive
      R(p);
      done.send(1);
    });
    W(p);
    ch.recv();
    ch.recv();
    done.recv();
  });
}

TEST(BufferedChan, SendIntoFreeSlotIsNotOrderedAfterReceiver) {
  EXPECT_ALWAYS_RACY([] {
    int64_t* p = cell();
    auto ch = gor::make_chan<int>(1);
    auto done = gor::make_chan<int>();
    gor::go([p, ch, done] {
      ch.send(1);
      R(p);
      done.send(1);
    });
    W(p);
    ch.recv();
    done.recv();
  });
}

TEST(BufferedChan, SendHappensBeforeItsReceive) {
  EXPECT_NEVER_RACY([] {
    int64_t* p = cell();
    auto ch = gor::make_chan<int>(4);
    gor::go([p, ch] {
      W(p);
      ch.send(1);
    });
    ch.recv();
    R(p);
  });
}

TEST(Close, CloseHappensBeforeReceiveThatSeesIt) {
  EXPECT_NEVER_RACY([] {
    int64_t* p = cell();
    auto ch = gor::make_chan<int>();
    gor::go([p, ch] {
      W(p);
      ch.close();
    });
    auto [v, ok] = ch.recv_ok();
    EXPECT_FALSE(ok);
    R(p);
  });
}

TEST(Close, SendRacingCloseIsARace) {
  EXPECT_ALWAYS_RACY([] {
    auto ch = gor::make_chan<int>(1);
    auto done = gor::make_chan<int>();
    auto sent = std::make_shared<std::atomic<bool>>(false);
    gor::go([ch, done, sent] {
      ch.send(1);
      sent->store(true);
      done.send(1);
    });
    await(*sent);
    ch.close();
    done.recv();
  });
}

TEST(Select, ChosenCaseSynchronises) {
  EXPECT_NEVER_RACY([] {
    int64_t* p = cell();
    auto ch = gor::make_chan<int>();
    auto other = gor::make_chan<int>();
    gor::go([p, ch] {
      W(p);
      ch.send(1);
    });
    gor::select(gor::recv(ch), gor::recv(other));
    R(p);
  });
}

TEST(Select, DefaultGivesNoEdge) {
  EXPECT_ALWAYS_RACY([] {
    int64_t* p = cell();
    auto ch = gor::make_chan<int>();
    auto done = gor::make_chan<int>();
    auto written = std::make_shared<std::atomic<bool>>(false);
    gor::go([p, done, written] {
      W(p);
      written->store(true);
      done.send(1);
    });
    await(*written);
    gor::select(gor::recv(ch), gor::default_case());
    R(p);
    done.recv();
  });
}

TEST(Mutex, UnlockHappensBeforeLock) {
  EXPECT_NEVER_RACY([] {
    int64_t* p = cell();
    auto* mu = new gor::Mutex;
    auto done = gor::make_chan<int>();
    gor::go([p, mu, done] {
      mu->lock();
      W(p);
      mu->unlock();
      done.send(1);
    });
    mu->lock();
    W(p);
    mu->unlock();
    done.recv();
  });
}

TEST(Mutex, AccessOutsideTheLockRaces) {
  EXPECT_ALWAYS_RACY([] {
    int64_t* p = cell();
    auto* mu = new gor::Mutex;
    auto done = gor::make_chan<int>();
    gor::go([p, mu, done] {
      mu->lock();
      W(p);
      mu->unlock();
      done.send(1);
    });
    W(p);
    done.recv();
  });
}

TEST(RWMutex, WriterOrdersReaders) {
  EXPECT_NEVER_RACY([] {
    int64_t* p = cell();
    auto* rw = new gor::RWMutex;
    auto done = gor::make_chan<int>();
    gor::go([p, rw, done] {
      rw->lock();
      W(p);
      rw->unlock();
      done.send(1);
    });
    rw->lock_shared();
    R(p);
    rw->unlock_shared();
    done.recv();
  });
}

TEST(RWMutex, ReadersDoNotOrderEachOther) {
  EXPECT_ALWAYS_RACY([] {
    int64_t* p = cell();
    auto* rw = new gor::RWMutex;
    auto done = gor::make_chan<int>();
    gor::go([p, rw, done] {
      rw->lock_shared();
      W(p);
      rw->unlock_shared();
      done.send(1);
    });
    rw->lock_shared();
    W(p);
    rw->unlock_shared();
    done.recv();
  });
}

TEST(WaitGroup, DoneHappensBeforeWaitReturns) {
  EXPECT_NEVER_RACY([] {
    int64_t* p = cell();
    auto* wg = new gor::WaitGroup;
    for (int i = 0; i < 3; i++) {
      wg->add(1);
      gor::go([p, wg, i] {
        if (i == 0) W(p);
        wg->done();
      });
    }
    wg->wait();
    W(p);
  });
}

TEST(WaitGroup, AccessAfterDoneRaces) {
  EXPECT_ALWAYS_RACY([] {
    int64_t* p = cell();
    auto* wg = new gor::WaitGroup;
    auto done = gor::make_chan<int>();
    wg->add(1);
    gor::go([p, wg, done] {
      wg->done();
      W(p);
      done.send(1);
    });
    wg->wait();
    W(p);
    done.recv();
  });
}

TEST(Once, CompletionHappensBeforeEveryCallReturns) {
  EXPECT_NEVER_RACY([] {
    int64_t* p = cell();
    auto* once = new gor::Once;
    auto done = gor::make_chan<int>();
    gor::go([p, once, done] {
      once->call([p] { W(p); });
      R(p);
      done.send(1);
    });
    once->call([p] { W(p); });
    R(p);
    done.recv();
  });
}

TEST(Once, AccessAfterTheCallIsNotOrdered) {
  EXPECT_ALWAYS_RACY([] {
    int64_t* p = cell();
    auto* once = new gor::Once;
    auto done = gor::make_chan<int>();
    gor::go([p, once, done] {
      once->call([] {});
      W(p);
      done.send(1);
    });
    once->call([] {});
    R(p);
    done.recv();
  });
}

TEST(Cond, OrdersThroughItsMutex) {
  EXPECT_NEVER_RACY([] {
    int64_t* p = cell();
    auto* mu = new gor::Mutex;
    auto* cond = new gor::Cond(*mu);
    auto* ready = new bool(false);
    gor::go([p, mu, cond, ready] {
      mu->lock();
      W(p);
      *ready = true;
      cond->signal();
      mu->unlock();
    });
    mu->lock();
    while (!*ready) cond->wait();
    R(p);
    mu->unlock();
  });
}

// Go's Cond orders nothing by itself (only its mutex does): a write after
// the signaller's last unlock races the waiter's read after wait returns.
// The waiter checks a predicate under the lock, so a signal sent before it
// waits is not lost.
TEST(Cond, SignalAloneGivesNoEdge) {
  EXPECT_ALWAYS_RACY([] {
    int64_t* p = cell();
    auto* mu = new gor::Mutex;
    auto* cond = new gor::Cond(*mu);
    auto* ready = new bool(false);
    auto done = gor::make_chan<int>();
    gor::go([p, mu, cond, ready, done] {
      mu->lock();
      *ready = true;
      mu->unlock();
      W(p);  // after the last unlock: only the signal could order it
      cond->signal();
      done.send(1);
    });
    mu->lock();
    while (!*ready) cond->wait();
    mu->unlock();
    R(p);
    done.recv();
  });
}

TEST(Atomics, ReleaseStoreHappensBeforeAcquireLoad) {
  EXPECT_NEVER_RACY([] {
    int64_t* p = cell();
    auto* flag = new std::atomic<int>(0);
    gor::go([p, flag] {
      W(p);
      __gorace_atomic_release(flag, 4, nullptr);
      flag->store(1);
    });
    while (flag->load() == 0) gor::yield();
    __gorace_atomic_acquire(flag, 4, nullptr);
    R(p);
  });
}

TEST(Atomics, RelaxedAccessGivesNoEdge) {
  EXPECT_ALWAYS_RACY([] {
    int64_t* p = cell();
    auto* flag = new std::atomic<int>(0);
    auto done = gor::make_chan<int>();
    gor::go([p, flag, done] {
      W(p);
      __gorace_atomic_access(flag, 4, 1, nullptr);
      flag->store(1);
      done.send(1);
    });
    while (flag->load() == 0) gor::yield();
    __gorace_atomic_access(flag, 4, 0, nullptr);
    R(p);
    done.recv();
  });
}

TEST(Atomics, AtomicsDoNotRaceEachOtherButRacePlainAccesses) {
  EXPECT_NEVER_RACY([] {
    auto* flag = new std::atomic<int>(0);
    auto done = gor::make_chan<int>();
    gor::go([flag, done] {
      __gorace_atomic_release(flag, 4, nullptr);
      done.send(1);
    });
    __gorace_atomic_access(flag, 4, 1, nullptr);
    done.recv();
  });
  EXPECT_ALWAYS_RACY([] {
    auto* flag = new std::atomic<int>(0);
    auto done = gor::make_chan<int>();
    gor::go([flag, done] {
      __gorace_atomic_release(flag, 4, nullptr);
      done.send(1);
    });
    gor::race::read(flag, 4);
    done.recv();
  });
}

// Runs `scenario` kRuns times; it sets its argument when the pool's get
// returned the object the scenario watches (Go drops a quarter of puts).
// Returns how many runs did, and how many of those reported a race.
template <class Scenario>
std::pair<int, int> reuses_and_races(Scenario scenario) {
  int reused = 0;
  int racy = 0;
  for (int i = 0; i < kRuns; i++) {
    bool got = false;
    const uint64_t races = races_in([&] { scenario(got); });
    reused += got;
    racy += got && races > 0;
  }
  return {reused, racy};
}

gor::Pool<int64_t*>* new_pool() {
  return new gor::Pool<int64_t*>([] { return static_cast<int64_t*>(nullptr); });
}

TEST(Pool, PutHappensBeforeTheGetThatReturnsIt) {
  auto [reused, racy] = reuses_and_races([](bool& got) {
    auto* pool = new_pool();
    int64_t* p = cell();
    auto put = std::make_shared<std::atomic<bool>>(false);
    gor::go([p, pool, put] {
      W(p);
      pool->put(p);
      put->store(true);
    });
    await(*put);
    if (int64_t* q = pool->get(); q == p) {
      got = true;
      R(q);
    }
  });
  EXPECT_EQ(racy, 0);
  EXPECT_GT(reused, 0);  // not all of 20 dropped
}

TEST(Pool, AccessAfterPutRacesTheGetter) {
  auto [reused, racy] = reuses_and_races([](bool& got) {
    auto* pool = new_pool();
    int64_t* p = cell();
    auto put = std::make_shared<std::atomic<bool>>(false);
    auto done = gor::make_chan<int>();
    gor::go([p, pool, put, done] {
      pool->put(p);
      W(p);
      put->store(true);
      done.send(1);
    });
    await(*put);
    if (int64_t* q = pool->get(); q == p) {
      got = true;
      R(q);
    }
    done.recv();
  });
  EXPECT_EQ(racy, reused);
}

// Go's edges are per object: a get() is ordered after the put() of the
// object it returns, not after the puts of other objects.
TEST(Pool, GetIsNotOrderedAfterThePutsOfOtherObjects) {
  auto [reused, racy] = reuses_and_races([](bool& got) {
    auto* pool = new_pool();
    int64_t* mine = cell();
    int64_t* other = cell();
    int64_t* p = cell();
    auto put = std::make_shared<std::atomic<bool>>(false);
    auto done = gor::make_chan<int>();
    gor::go([p, other, pool, put, done] {
      W(p);
      pool->put(other);
      put->store(true);
      done.send(1);
    });
    await(*put);
    pool->put(mine);
    if (pool->get() == mine) {  // the last put, unless dropped
      got = true;
      R(p);
    }
    done.recv();
  });
  EXPECT_GT(reused, 0);
  EXPECT_EQ(racy, reused);
}

TEST(Timers, StartingHappensBeforeTheCallback) {
  EXPECT_NEVER_RACY([] {
    int64_t* p = cell();
    auto done = gor::make_chan<int>();
    W(p);
    gor::after_func(1ms, [p, done] {
      R(p);
      done.send(1);
    });
    done.recv();
  });
}

TEST(Timers, AccessAfterStartingRacesTheCallback) {
  EXPECT_ALWAYS_RACY([] {
    int64_t* p = cell();
    auto done = gor::make_chan<int>();
    gor::after_func(1ms, [p, done] {
      R(p);
      done.send(1);
    });
    W(p);
    done.recv();
  });
}

TEST(Context, CancelHappensBeforeDoneIsObserved) {
  EXPECT_NEVER_RACY([] {
    int64_t* p = cell();
    auto [ctx, cancel] = gor::with_cancel(gor::background());
    gor::go([p, cancel = cancel] {
      W(p);
      cancel();
    });
    ctx.done().recv();
    R(p);
  });
}

TEST(Context, AccessAfterCancelRaces) {
  EXPECT_ALWAYS_RACY([] {
    int64_t* p = cell();
    auto [ctx, cancel] = gor::with_cancel(gor::background());
    auto done = gor::make_chan<int>();
    gor::go([p, cancel = cancel, done] {
      cancel();
      W(p);
      done.send(1);
    });
    ctx.done().recv();
    R(p);
    done.recv();
  });
}

// Net: a write that completes before the peer's read returns its data
// happens before that read returns.
void net_exchange(bool write_after_send) {
  int64_t* p = cell();
  auto listener = gor::net::listen("tcp", "127.0.0.1:0");
  auto done = gor::make_chan<int>();
  std::string addr = listener.addr();
  gor::go([p, addr, done, write_after_send] {
    auto conn = gor::net::dial("tcp", addr);
    if (!write_after_send) W(p);
    conn.write(std::string_view("x"));
    if (write_after_send) W(p);
    done.recv();  // keep the connection open until the reader is done
    conn.close();
  });
  auto conn = listener.accept();
  char byte = 0;
  EXPECT_EQ(conn.read(&byte, 1), 1u);
  R(p);
  done.send(1);
  conn.close();
  listener.close();
}

TEST(Net, WriteHappensBeforeTheReadThatReturnsIt) {
  EXPECT_NEVER_RACY([] { net_exchange(false); });
}

TEST(Net, AccessAfterTheWriteRacesTheReader) {
  EXPECT_ALWAYS_RACY([] { net_exchange(true); });
}

// C++ code continues after gor::main returns: the main goroutine's end
// (and what it waited for) happens before the calling thread's next access.
TEST(Main, EndHappensBeforeTheCallerContinues) {
  for (int i = 0; i < kRuns; i++) {
    int64_t* p = nullptr;
    uint64_t before = gor::race::report_count();
    races_in([&p] {
      p = cell();
      auto done = gor::make_chan<int>();
      gor::go([p, done] {
        W(p);
        done.send(1);
      });
      done.recv();
      W(p);
    });
    W(p);
    EXPECT_EQ(gor::race::report_count(), before);
  }
}

TEST(Annotations, AcquireReleaseAndIgnore) {
  EXPECT_NEVER_RACY([] {
    int64_t* p = cell();
    auto* flag = new std::atomic<bool>(false);
    gor::go([p, flag] {
      W(p);
      gor::race::release(flag);
      flag->store(true);
    });
    await(*flag);
    gor::race::acquire(flag);
    R(p);
  });
  EXPECT_NEVER_RACY([] {
    int64_t* p = cell();
    auto done = gor::make_chan<int>();
    gor::go([p, done] {
      gor::race::ignore_begin();
      W(p);
      gor::race::ignore_end();
      done.send(1);
    });
    W(p);
    done.recv();
  });
}

}  // namespace
}  // namespace gorace_race_tests
