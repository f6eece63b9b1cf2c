// Regression tests for the race edges of channels, select and timers found
// by Go's race test suite (tests/gosuite, README "Known failures" B4, B5,
// B7, B8, B9; B6, the channel handle, needs the plugin: e2e chan_handle_*).
// Detection is turned on as in tests/race (race_case.hpp; this binary is not
// instrumented): user code's accesses are the gor::race::read/write
// annotations, e.g. in the element type's constructors and destructor,
// which the detector sees as it would instrumented user code. Each case
// runs as a whole gor::main program; the verdict is the number of races
// reported while it ran.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <string>

#include "../race/race_case.hpp"
#include "gor/gor.hpp"
#include "gor/race.hpp"

namespace {

using namespace std::chrono_literals;
using gorace_race_tests::kRuns;
using gorace_race_tests::runs_with_races;

// A value whose construction, copy, move and destruction access its own
// bytes as user code would (a std::function's do): the runtime's moves of
// a channel element must not be seen as one goroutine writing another's
// object.
struct Tracked {
  int64_t payload = 0;
  Tracked() { gor::race::write(this, sizeof *this); }
  Tracked(const Tracked& o) : payload(o.payload) {
    gor::race::read(&o, sizeof o);
    gor::race::write(this, sizeof *this);
  }
  Tracked(Tracked&& o) noexcept : payload(o.payload) {
    gor::race::read(&o, sizeof o);
    gor::race::write(&o, sizeof o);  // the moved-from object is modified
    gor::race::write(this, sizeof *this);
  }
  Tracked& operator=(const Tracked&) = delete;
  ~Tracked() { gor::race::write(this, sizeof *this); }
};

// Polls until `flag` is set; a std::atomic the detector does not see, so
// waiting gives no edge. Sleeps between polls: in deterministic mode timers
// fire only once no goroutine is runnable.
void await(const std::atomic<bool>& flag) {
  while (!flag.load(std::memory_order_acquire)) gor::sleep(1us);
}

// B5: a hand-off between a goroutine and a parked one (either side parked,
// unbuffered, buffered to a parked receiver, full buffer with a parked
// sender) is synchronised; the element's moves by the runtime in between
// are no race with the owner's construction and destruction of it.
TEST(ChanRaceEdges, ElementMovedAcrossParkedHandOffIsNoRace) {
  for (int cap : {0, 1}) {
    EXPECT_EQ(runs_with_races([cap] {
                auto c = gor::make_chan<Tracked>(cap);
                auto done = gor::make_chan<int>();
                gor::go([c, done] {
                  for (int i = 0; i < 4; i++) c.send(Tracked{});
                  done.send(0);
                });
                for (int i = 0; i < 4; i++) {
                  if (i % 2 == 0) gor::yield();  // let the sender park sometimes
                  Tracked t = c.recv();
                  (void)t;
                }
                done.recv();
              }),
              0)
        << "cap " << cap;
  }
}

// B4: a select send case that finds its channel closed reads the channel
// (as a plain send), so it races with a close it is not ordered after.
TEST(SelectRaceEdges, SendCaseOnClosedChannelRacesWithClose) {
  EXPECT_EQ(runs_with_races([] {
              auto c = gor::make_chan<int>();
              new gor::Chan<int>(c);  // never freed: only close and the send access it
              std::atomic<bool> closed{false};
              gor::go([c, &closed] {
                c.close();
                closed.store(true, std::memory_order_release);
              });
              await(closed);
              try {
                gor::select(gor::send(c, 1));
                ADD_FAILURE() << "send on a closed channel did not panic";
              } catch (const gor::Panic&) {
              }
            }),
            kRuns);
}

// B7: freeing a channel when its last handle drops (and destroying the
// elements still buffered) is no access: another goroutine's earlier send
// does not race with it.
TEST(ChanRaceEdges, FreeByLastHandleIsNoRace) {
  EXPECT_EQ(runs_with_races([] {
              auto c = gor::make_chan<Tracked>(2);
              std::atomic<bool> sent{false};
              gor::go([copy = c, &sent]() mutable {
                copy.send(Tracked{});
                copy = gor::Chan<Tracked>();  // drops this handle
                sent.store(true, std::memory_order_release);
              });
              await(sent);
              c = gor::Chan<Tracked>();  // the last handle: frees the channel
            }),
            0);
}

// A buffered channel keeps its slots' clocks itself up to 65536 slots;
// a larger one uses the detector's clocks keyed by slot address. Both
// order a send before its receive, and the k-th receive before the
// (k+cap)-th send completes, and neither orders the receive of one slot
// after the send into another.
TEST(ChanRaceEdges, SlotEdgesHoldWithOwnedAndAddressKeyedClocks) {
  for (long cap : {2L, (1L << 16) + 1}) {
    EXPECT_EQ(runs_with_races([cap] {
                auto c = gor::make_chan<int>(cap);
                Tracked written;  // written before the send, read after the receive
                std::atomic<bool> done{false};
                gor::go([c, &written, &done] {
                  gor::race::write(&written, sizeof written);
                  c.send(1);
                  done.store(true, std::memory_order_release);
                });
                c.recv();
                gor::race::read(&written, sizeof written);
                await(done);
              }),
              0)
        << cap;
    EXPECT_EQ(runs_with_races([cap] {
                auto c = gor::make_chan<int>(cap);
                Tracked written;  // written before a send into the second slot
                std::atomic<bool> sent{false};
                c.send(0);  // main's own element fills the first slot
                gor::go([c, &written, &sent] {
                  gor::race::write(&written, sizeof written);
                  c.send(1);
                  sent.store(true, std::memory_order_release);
                });
                await(sent);
                c.recv();  // the first slot's element: no edge from the goroutine
                gor::race::read(&written, sizeof written);
              }),
              kRuns)
        << cap;
  }
}

// B8: what a goroutine did before resetting a channel timer happens before
// the receive of the value the timer then sends (Go's TestNoRaceTimerReset).
TEST(TimerRaceEdges, ResetOrdersBeforeReceiveOfTheFiring) {
  EXPECT_EQ(runs_with_races([] {
              auto* v = new int64_t(0);  // never freed: no free-time access
              auto t = gor::new_timer(1h);
              auto done = gor::make_chan<int>();
              gor::go([c = t.c, done, v] {
                c.recv();
                gor::race::write(v, sizeof *v);
                done.send(0);
              });
              t.stop();
              gor::race::write(v, sizeof *v);
              t.reset(1ns);
              done.recv();
            }),
            0);
}

// B8, tickers: the same for Ticker::reset (Go's TestNoRaceTickerReset).
TEST(TimerRaceEdges, TickerResetOrdersBeforeReceiveOfItsTicks) {
  EXPECT_EQ(runs_with_races([] {
              auto* v = new int64_t(0);
              auto t = gor::new_ticker(1h);
              auto done = gor::make_chan<int>();
              gor::go([c = t.c, done, v] {
                c.recv();
                gor::race::write(v, sizeof *v);
                done.send(0);
              });
              gor::race::write(v, sizeof *v);
              t.reset(1ns);
              done.recv();
              t.stop();
            }),
            0);
}

// B9: the timer's last reference frees the callback the fired goroutine
// copied; that free is no race with the copy.
TEST(TimerRaceEdges, FreeOfAfterFuncCallbackIsNoRace) {
  EXPECT_EQ(runs_with_races([] {
              std::atomic<bool> ran{false};
              {
                auto t = gor::after_func(1ns, [captured = Tracked{}, &ran] {
                  (void)captured;
                  ran.store(true, std::memory_order_release);
                });
                await(ran);
              }  // ~Timer: the last reference if the callback's goroutine dropped its own
              gor::sleep(1ms);
            }),
            0);
}

}  // namespace
