// The runtime's atomic operations (__gorace_atomicN_*, gor/race_abi.h), which
// the plugin calls in place of atomic instructions, called directly here:
// their results, and the happens-before edges of each memory order
// (correct release/acquire message passing, CAS spin locks and seq_cst
// flags are never reported; relaxed operations give no edge; atomic
// accesses race plain ones).
#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>

#include "gor/race_abi.h"
#include "race_case.hpp"

namespace {

using gorace_race_tests::await;
using gorace_race_tests::cell;
using gorace_race_tests::kRuns;
using gorace_race_tests::R;
using gorace_race_tests::runs_with_races;
using gorace_race_tests::W;

#define EXPECT_ALWAYS_RACY(...) EXPECT_EQ(runs_with_races(__VA_ARGS__), kRuns)
#define EXPECT_NEVER_RACY(...) EXPECT_EQ(runs_with_races(__VA_ARGS__), 0)

constexpr int32_t kRelaxed = __ATOMIC_RELAXED;
constexpr int32_t kAcquire = __ATOMIC_ACQUIRE;
constexpr int32_t kRelease = __ATOMIC_RELEASE;
constexpr int32_t kAcqRel = __ATOMIC_ACQ_REL;
constexpr int32_t kSeqCst = __ATOMIC_SEQ_CST;

// --- results ------------------------------------------------------------------

template <class T, T (*kLoad)(const void*, int32_t, const __gorace_loc*),
          void (*kStore)(void*, T, int32_t, const __gorace_loc*)>
void check_load_store() {
  T x = 0;
  kStore(&x, static_cast<T>(0x81), kRelease, nullptr);
  EXPECT_EQ(x, static_cast<T>(0x81));
  EXPECT_EQ(kLoad(&x, kAcquire, nullptr), static_cast<T>(0x81));
  EXPECT_EQ(kLoad(&x, kRelaxed, nullptr), static_cast<T>(0x81));
}

void check_load_and_store() {
  check_load_store<uint8_t, __gorace_atomic1_load, __gorace_atomic1_store>();
  check_load_store<uint16_t, __gorace_atomic2_load, __gorace_atomic2_store>();
  check_load_store<uint32_t, __gorace_atomic4_load, __gorace_atomic4_store>();
  check_load_store<uint64_t, __gorace_atomic8_load, __gorace_atomic8_store>();
}

void check_read_modify_writes() {
  uint32_t x = 6;
  EXPECT_EQ(__gorace_atomic4_exchange(&x, 9, kSeqCst, nullptr), 6u);
  EXPECT_EQ(__gorace_atomic4_fetch_add(&x, 3, kAcqRel, nullptr), 9u);
  EXPECT_EQ(__gorace_atomic4_fetch_sub(&x, 2, kRelease, nullptr), 12u);
  EXPECT_EQ(__gorace_atomic4_fetch_and(&x, 0xC, kAcquire, nullptr), 10u);
  EXPECT_EQ(__gorace_atomic4_fetch_or(&x, 1, kRelaxed, nullptr), 8u);
  EXPECT_EQ(__gorace_atomic4_fetch_xor(&x, 0xF, kSeqCst, nullptr), 9u);
  EXPECT_EQ(__gorace_atomic4_fetch_nand(&x, 0x3, kSeqCst, nullptr), 6u);
  EXPECT_EQ(x, ~uint32_t{2});
  uint8_t b = 0x80;  // -128 signed, 128 unsigned
  EXPECT_EQ(__gorace_atomic1_fetch_max(&b, 1, kSeqCst, nullptr), 0x80);
  EXPECT_EQ(b, 1) << "fetch_max compares signed";
  EXPECT_EQ(__gorace_atomic1_fetch_min(&b, 0xFF, kSeqCst, nullptr), 1);
  EXPECT_EQ(b, 0xFF) << "fetch_min compares signed";
  EXPECT_EQ(__gorace_atomic1_fetch_umin(&b, 7, kSeqCst, nullptr), 0xFF);
  EXPECT_EQ(b, 7);
  EXPECT_EQ(__gorace_atomic1_fetch_umax(&b, 0x90, kSeqCst, nullptr), 7);
  EXPECT_EQ(b, 0x90);
  uint16_t h = 0xFFFF;
  EXPECT_EQ(__gorace_atomic2_fetch_add(&h, 2, kRelaxed, nullptr), 0xFFFF);
  EXPECT_EQ(h, 1) << "wraps at 16 bits";
  uint64_t w = uint64_t{1} << 63;
  EXPECT_EQ(__gorace_atomic8_fetch_max(&w, 5, kSeqCst, nullptr), uint64_t{1} << 63);
  EXPECT_EQ(w, 5u);
  EXPECT_EQ(__gorace_atomic8_fetch_umax(&w, uint64_t{1} << 63, kSeqCst, nullptr), 5u);
  EXPECT_EQ(w, uint64_t{1} << 63);
}

void check_compare_exchange() {
  uint64_t x = 4;
  EXPECT_EQ(__gorace_atomic8_compare_exchange(&x, 4, 5, kAcqRel, kAcquire, nullptr), 4u);
  EXPECT_EQ(x, 5u);
  EXPECT_EQ(__gorace_atomic8_compare_exchange(&x, 4, 6, kSeqCst, kRelaxed, nullptr), 5u);
  EXPECT_EQ(x, 5u);
  uint8_t b = 200;
  EXPECT_EQ(__gorace_atomic1_compare_exchange(&b, 200, 201, kRelaxed, kRelaxed, nullptr), 200);
  EXPECT_EQ(b, 201);
}

// Each operation's result and effect, for each size, with detection off
// (each test runs in its own process) and on.
TEST(AtomicOps, ResultsWithDetectionOff) {
  ASSERT_FALSE(gor::race::enabled());
  check_load_and_store();
  check_read_modify_writes();
  check_compare_exchange();
}

TEST(AtomicOps, ResultsWithDetectionOn) {
  EXPECT_EQ(gorace_race_tests::races_in([] {
              check_load_and_store();
              check_read_modify_writes();
              check_compare_exchange();
            }),
            0u);
}

// --- edges ------------------------------------------------------------------

TEST(AtomicEdges, ReleaseStoreHappensBeforeAcquireLoad) {
  EXPECT_NEVER_RACY([] {
    int64_t* p = cell();
    auto* flag = new uint32_t(0);
    gor::go([p, flag] {
      W(p);
      __gorace_atomic4_store(flag, 1, kRelease, nullptr);
    });
    while (__gorace_atomic4_load(flag, kAcquire, nullptr) == 0) gor::yield();
    R(p);
  });
}

TEST(AtomicEdges, SeqCstFlagOrders) {
  EXPECT_NEVER_RACY([] {
    int64_t* p = cell();
    auto* flag = new uint8_t(0);
    gor::go([p, flag] {
      W(p);
      __gorace_atomic1_exchange(flag, 1, kSeqCst, nullptr);
    });
    while (__gorace_atomic1_load(flag, kSeqCst, nullptr) == 0) gor::yield();
    W(p);
  });
}

TEST(AtomicEdges, RelaxedStoreAndLoadGiveNoEdge) {
  EXPECT_ALWAYS_RACY([] {
    int64_t* p = cell();
    auto* flag = new uint32_t(0);
    auto done = gor::make_chan<int>();
    gor::go([p, flag, done] {
      W(p);
      __gorace_atomic4_store(flag, 1, kRelaxed, nullptr);
      done.send(1);
    });
    while (__gorace_atomic4_load(flag, kRelaxed, nullptr) == 0) gor::yield();
    R(p);
    done.recv();
  });
}

TEST(AtomicEdges, ReleaseStoreAndRelaxedLoadGiveNoEdge) {
  EXPECT_ALWAYS_RACY([] {
    int64_t* p = cell();
    auto* flag = new uint64_t(0);
    auto done = gor::make_chan<int>();
    gor::go([p, flag, done] {
      W(p);
      __gorace_atomic8_store(flag, 1, kRelease, nullptr);
      done.send(1);
    });
    while (__gorace_atomic8_load(flag, kRelaxed, nullptr) == 0) gor::yield();
    R(p);
    done.recv();
  });
}

// Go's TestNoRaceAtomicAddInt64 and TestRaceAtomicAddInt64 on the ABI: the
// goroutine whose acq_rel fetch_add comes second (sees 1) is ordered after
// the other's write; the one that comes first (sees 0) is not (B10).
void add_int64_case(uint64_t writer_sees) {
  int64_t* x1 = cell();
  int64_t* x2 = cell();
  auto* s = new uint64_t(0);
  auto done = gor::make_chan<int>(2);
  gor::go([=] {
    W(x1);
    if (__gorace_atomic8_fetch_add(s, 1, kAcqRel, nullptr) == writer_sees) W(x2);
    done.send(1);
  });
  gor::go([=] {
    W(x2);
    if (__gorace_atomic8_fetch_add(s, 1, kAcqRel, nullptr) == writer_sees) W(x1);
    done.send(1);
  });
  done.recv();
  done.recv();
}

TEST(AtomicEdges, SecondFetchAddIsOrderedAfterFirst) {
  EXPECT_NEVER_RACY([] { add_int64_case(1); });
}

TEST(AtomicEdges, FirstFetchAddIsNotOrderedAfterSecond) {
  // More runs than the other cases: B10 hid this race about 1 run in 30.
  int racy = 0;
  for (int i = 0; i < 5; ++i) racy += runs_with_races([] { add_int64_case(0); });
  EXPECT_EQ(racy, 5 * kRuns);
}

// A spin lock: compare_exchange(0 -> 1, acquire) to lock, store(0, release)
// to unlock; the counter it guards is never reported.
TEST(AtomicEdges, CompareExchangeSpinLockOrders) {
  EXPECT_NEVER_RACY([] {
    int64_t* counter = cell();
    auto* lock = new uint32_t(0);
    auto done = gor::make_chan<int>(3);
    for (int g = 0; g < 3; ++g) {
      gor::go([=] {
        for (int i = 0; i < 20; ++i) {
          while (__gorace_atomic4_compare_exchange(lock, 0, 1, kAcquire, kRelaxed, nullptr) != 0) {
            gor::yield();
          }
          R(counter);
          W(counter);
          __gorace_atomic4_store(lock, 0, kRelease, nullptr);
        }
        done.send(1);
      });
    }
    for (int g = 0; g < 3; ++g) done.recv();
  });
}

// A release store heads a new release sequence: a goroutine that reads a
// later goroutine's release store acquires that goroutine's clock only, not
// the first storer's (Go's -race and TSan report this race too). A
// read-modify-write, relaxed or releasing, continues the sequence instead:
// reading its value acquires the first store's release as well.
void second_writer_case(bool second_is_store, int32_t second_order, bool racy) {
  const auto check = [=] {
    int64_t* p = cell();
    auto* flag = new uint32_t(0);
    auto done = gor::make_chan<int>(2);
    gor::go([p, flag, done] {
      W(p);
      __gorace_atomic4_store(flag, 1, kRelease, nullptr);
      done.send(1);
    });
    gor::go([flag, done, second_is_store, second_order] {
      // Relaxed: waiting for the first store orders this goroutine after
      // nothing.
      while (__gorace_atomic4_load(flag, kRelaxed, nullptr) != 1) gor::yield();
      if (second_is_store) {
        __gorace_atomic4_store(flag, 2, second_order, nullptr);
      } else {
        __gorace_atomic4_fetch_add(flag, 1, second_order, nullptr);
      }
      done.send(1);
    });
    // Acquires the second value only: reading the first with an acquire
    // load would order main after the first store, rightly.
    while (__gorace_atomic4_load(flag, kRelaxed, nullptr) != 2) gor::yield();
    __gorace_atomic4_load(flag, kAcquire, nullptr);
    W(p);
    done.recv();
    done.recv();
  };
  EXPECT_EQ(runs_with_races(check), racy ? kRuns : 0);
}

TEST(AtomicEdges, ReleaseStoreReplacesEarlierReleases) {
  second_writer_case(/*second_is_store=*/true, kRelease, /*racy=*/true);
  second_writer_case(/*second_is_store=*/true, kSeqCst, /*racy=*/true);
}

TEST(AtomicEdges, ReadModifyWriteContinuesTheReleaseSequence) {
  second_writer_case(/*second_is_store=*/false, kRelaxed, /*racy=*/false);
  second_writer_case(/*second_is_store=*/false, kRelease, /*racy=*/false);
}

// A failed compare-exchange synchronises as its failure order says.
TEST(AtomicEdges, FailedCompareExchangeUsesTheFailureOrder) {
  auto failed_cas_reader = [](int32_t failure_order) {
    return [failure_order] {
      int64_t* p = cell();
      auto* flag = new uint16_t(0);
      auto done = gor::make_chan<int>();
      gor::go([p, flag, done] {
        W(p);
        __gorace_atomic2_store(flag, 1, kRelease, nullptr);
        done.send(1);
      });
      // Expects 0: fails once the writer's store is seen.
      while (__gorace_atomic2_compare_exchange(flag, 0, 0, kRelaxed, failure_order, nullptr) == 0) {
        gor::yield();
      }
      R(p);
      done.recv();
    };
  };
  EXPECT_NEVER_RACY(failed_cas_reader(kAcquire));
  EXPECT_ALWAYS_RACY(failed_cas_reader(kRelaxed));
}

// An atomic operation still races a plain access of the same variable; two
// atomic ones never race.
TEST(AtomicEdges, AtomicRacesPlainAccessOnly) {
  EXPECT_ALWAYS_RACY([] {
    auto* x = new uint64_t(0);
    auto done = gor::make_chan<int>();
    gor::go([x, done] {
      __gorace_atomic8_fetch_add(x, 1, kSeqCst, nullptr);
      done.send(1);
    });
    R(x);
    done.recv();
  });
  EXPECT_ALWAYS_RACY([] {
    auto* x = new uint64_t(0);
    auto done = gor::make_chan<int>();
    gor::go([x, done] {
      W(x);
      done.send(1);
    });
    __gorace_atomic8_load(x, kRelaxed, nullptr);
    done.recv();
  });
  EXPECT_NEVER_RACY([] {
    auto* x = new uint32_t(0);
    auto done = gor::make_chan<int>();
    gor::go([x, done] {
      __gorace_atomic4_store(x, 1, kRelaxed, nullptr);
      done.send(1);
    });
    __gorace_atomic4_fetch_or(x, 2, kRelaxed, nullptr);
    done.recv();
  });
}

}  // namespace
