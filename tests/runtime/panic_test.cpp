// Unrecovered panics, fatal errors, deadlock and stack overflow detection:
// Go's messages and exit status 2 (gtest death tests).
#include <gtest/gtest.h>

#include <csignal>
#include <thread>

#include "gor/gor.hpp"

namespace {

using namespace std::chrono_literals;

class Panic : public ::testing::Test {
 protected:
  void SetUp() override { GTEST_FLAG_SET(death_test_style, "threadsafe"); }
};

const char* kRunning = "\n\ngoroutine [0-9]+ \\[running\\]:";

TEST_F(Panic, SendOnClosedChannel) {
  EXPECT_EXIT(gor::main([] {
                auto c = gor::make_chan<int>(1);
                c.close();
                c.send(1);
              }),
              ::testing::ExitedWithCode(2),
              std::string("panic: send on closed channel") + kRunning);
}

TEST_F(Panic, CloseOfClosedChannel) {
  EXPECT_EXIT(gor::main([] {
                auto c = gor::make_chan<int>();
                c.close();
                c.close();
              }),
              ::testing::ExitedWithCode(2),
              std::string("panic: close of closed channel") + kRunning);
}

TEST_F(Panic, CloseOfNilChannel) {
  EXPECT_EXIT(gor::main([] { gor::Chan<int>().close(); }), ::testing::ExitedWithCode(2),
              std::string("panic: close of nil channel") + kRunning);
}

// A buffer whose byte size overflows panics as Go's makechan (it wrapped
// to a few bytes and sends wrote past them).
TEST_F(Panic, ChannelTooLargeForMemory) {
  EXPECT_EXIT(gor::main([] { gor::make_chan<long>((1LL << 61) + 2); }),
              ::testing::ExitedWithCode(2),
              std::string("panic: makechan: size out of range") + kRunning);
  EXPECT_EXIT(gor::main([] { gor::make_chan<char>(1LL << 62); }), ::testing::ExitedWithCode(2),
              std::string("panic: makechan: size out of range") + kRunning);
}

TEST_F(Panic, UnrecoveredPanicInGoroutineNamesIt) {
  EXPECT_EXIT(gor::main([] {
                auto c = gor::make_chan<int>();
                gor::go([] { gor::panic("boom"); });
                gor::go([] { gor::panic("boom"); });
                c.recv();
              }),
              ::testing::ExitedWithCode(2), "panic: boom\n\ngoroutine [23] \\[running\\]:");
}

TEST_F(Panic, RecoverIsACatch) {
  EXPECT_EQ(gor::main([] {
              try {
                gor::panic("recovered");
              } catch (const gor::Panic& p) {
                EXPECT_STREQ(p.what(), "recovered");
              }
            }),
            0);
}

TEST_F(Panic, Deadlock) {
  EXPECT_EXIT(
      gor::main([] {
        auto c = gor::make_chan<int>();
        gor::go([c] { c.send(1); });
        gor::sleep(1ms);
        c.recv();
        c.recv();
      }),
      ::testing::ExitedWithCode(2),
      "fatal error: all goroutines are asleep - deadlock!\n\ngoroutine 1 \\[chan receive\\]:");
}

// As Go's: every blocked goroutine is listed, by id, with what it waits
// for (here without race detection, so without stacks).
TEST_F(Panic, DeadlockListsEveryBlockedGoroutine) {
  EXPECT_EXIT(gor::main([] {
                auto c = gor::make_chan<int>();
                gor::Mutex mu;
                mu.lock();
                gor::go([c] { c.send(1); });
                gor::go([&mu] { mu.lock(); });
                gor::sleep(1ms);
                auto never = gor::make_chan<int>();
                never.recv();
              }),
              ::testing::ExitedWithCode(2),
              "fatal error: all goroutines are asleep - deadlock!\n\n"
              "goroutine 1 \\[chan receive\\]:\n\n"
              "goroutine 2 \\[chan send\\]:\n\n"
              "goroutine 3 \\[sync.Mutex.Lock\\]:\n");
}

// A plain thread that has not touched the runtime yet may still wake a
// goroutine: while it runs, "all goroutines are asleep" cannot be proved.
TEST_F(Panic, SlowPlainThreadIsNoDeadlock) {
  EXPECT_EXIT(
      {
        gor::main([] {
          auto c = gor::make_chan<int>();
          std::thread t([c] {
            std::this_thread::sleep_for(200ms);
            c.send(7);
          });
          int v = c.recv();
          t.join();
          if (v != 7) std::_Exit(1);
        });
        std::_Exit(0);
      },
      ::testing::ExitedWithCode(0), "");
}

// A plain thread that used a channel and exited wakes nobody any more: the
// deadlock after its exit is reported.
TEST_F(Panic, DeadlockAfterAPlainThreadExited) {
  EXPECT_EXIT(
      gor::main([] {
        auto c = gor::make_chan<int>(1);
        std::thread([c] { c.send(1); }).join();
        c.recv();
        c.recv();
      }),
      ::testing::ExitedWithCode(2),
      "fatal error: all goroutines are asleep - deadlock!\n\ngoroutine 1 \\[chan receive\\]:");
}

TEST_F(Panic, DeadlockOnEmptySelectAndNilChannels) {
  EXPECT_EXIT(gor::main([] { gor::select(); }), ::testing::ExitedWithCode(2),
              "all goroutines are asleep - deadlock!\n\ngoroutine 1 \\[select \\(no cases\\)\\]");
  EXPECT_EXIT(
      gor::main([] { gor::Chan<int>().send(1); }), ::testing::ExitedWithCode(2),
      "all goroutines are asleep - deadlock!\n\ngoroutine 1 \\[chan send \\(nil chan\\)\\]");
}

// Takes a read lock, lets a writer queue behind it, and reads again: the
// second read waits for the writer, which waits for the first (deliberately
// unbalanced, so not analysed).
void read_again_behind_a_writer() GOR_NO_THREAD_SAFETY_ANALYSIS {
  gor::RWMutex mu;
  mu.lock_shared();
  gor::go([&mu]() GOR_NO_THREAD_SAFETY_ANALYSIS { mu.lock(); });
  gor::sleep(std::chrono::milliseconds(5));
  mu.lock_shared();
}

// A reader blocked behind a pending writer waits in RLock (Go 1.20+'s label).
TEST_F(Panic, DeadlockedReaderShowsRLock) {
  EXPECT_EXIT(gor::main(read_again_behind_a_writer), ::testing::ExitedWithCode(2),
              "all goroutines are asleep - deadlock!\n\ngoroutine 1 \\[sync.RWMutex.RLock\\]");
}

TEST_F(Panic, NoDeadlockWhileATimerIsPending) {
  EXPECT_EXIT(
      {
        gor::main([] {
          auto c = gor::make_chan<int>();
          gor::after_func(30ms, [c] { c.send(1); });
          c.recv();
        });
        std::exit(7);
      },
      ::testing::ExitedWithCode(7), "");
}

long recurse(long n) {
  volatile char pad[256];
  pad[0] = static_cast<char>(n);
  if (n < 0) return pad[0];  // never: keeps the compiler from calling this infinite
  return recurse(n + 1) + pad[0];
}

TEST_F(Panic, StackOverflowIsAFatalError) {
  EXPECT_EXIT(gor::main([] {
                auto c = gor::make_chan<long>();
                gor::go([c] { c.send(recurse(0)); });
                c.recv();
              }),
              ::testing::ExitedWithCode(2),
              "fatal error: stack overflow\n\ngoroutine 2 \\[running\\]:");
}

// A goroutine's memory fault, as Go reports it: a nil dereference panics,
// a fault elsewhere is a fatal error naming the address.
TEST_F(Panic, NilDereferenceInAGoroutinePanics) {
  EXPECT_EXIT(gor::main([] {
                auto c = gor::make_chan<int>();
                gor::go([c] {
                  volatile int* nil = nullptr;
                  c.send(*nil);
                });
                c.recv();
              }),
              ::testing::ExitedWithCode(2),
              "panic: runtime error: invalid memory address or nil pointer dereference\n"
              "\\[signal SIGSEGV: segmentation violation code=0x[0-9a-f]+ addr=0x0 "
              "pc=0x[0-9a-f]+\\]\n\ngoroutine 2 \\[running\\]:");
}

TEST_F(Panic, FaultAtAnotherAddressIsAFatalError) {
  EXPECT_EXIT(gor::main([] {
                volatile int* unmapped = reinterpret_cast<int*>(uintptr_t{0x10000});
                *unmapped = 1;
              }),
              ::testing::ExitedWithCode(2),
              "unexpected fault address 0x10000\nfatal error: fault\n"
              "\\[signal SIGSEGV: segmentation violation code=0x[0-9a-f]+ addr=0x10000 "
              "pc=0x[0-9a-f]+\\]\n\ngoroutine 1 \\[running\\]:");
}

// Arithmetic faults panic as Go's run-time checks do.
TEST_F(Panic, IntegerDivideByZeroInAGoroutinePanics) {
  EXPECT_EXIT(gor::main([] {
                auto c = gor::make_chan<int>();
                gor::go([c] {
                  volatile int zero = 0;
                  c.send(10 / zero);
                });
                c.recv();
              }),
              ::testing::ExitedWithCode(2),
              "panic: runtime error: integer divide by zero\n"
              "\\[signal SIGFPE: floating-point exception code=0x1 addr=0x[0-9a-f]+ "
              "pc=0x[0-9a-f]+\\]\n\ngoroutine 2 \\[running\\]:");
}

// An illegal instruction (__builtin_trap, a trapping UB check), and a fault
// signal sent by kill() rather than raised by an instruction, name the
// signal as Go's fatal signals do.
TEST_F(Panic, IllegalInstructionNamesTheSignal) {
  EXPECT_EXIT(gor::main([] { __builtin_trap(); }), ::testing::ExitedWithCode(2),
              "SIGILL: illegal instruction\nPC=0x[0-9a-f]+ sigcode=[0-9]+\n\n"
              "goroutine 1 \\[running\\]:");
}

TEST_F(Panic, SentFaultSignalIsNoFault) {
  EXPECT_EXIT(gor::main([] { raise(SIGSEGV); }), ::testing::ExitedWithCode(2),
              "SIGSEGV: segmentation violation\nPC=0x[0-9a-f]+ sigcode=-6\n\n"
              "goroutine 1 \\[running\\]:");
}

TEST_F(Panic, FatalErrorPrintsAndExits) {
  EXPECT_EXIT(gor::main([] { gor::detail::fatal("custom failure"); }), ::testing::ExitedWithCode(2),
              "fatal error: custom failure\n\ngoroutine 1 \\[running\\]:");
}

}  // namespace
