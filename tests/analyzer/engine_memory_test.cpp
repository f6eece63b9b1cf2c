// Memory-side behaviour: sizes and offsets, atomics, FastTrack read sharing,
// range reset and slot reuse.
#include <iterator>
#include <thread>
#include <vector>

#include "engine_fixture.hpp"

namespace gorace::analyzer::testing {
namespace {

class Memory : public EngineTest {
 protected:
  static constexpr int kOwnCellTrials = 4000;
  /// A writer replacing its own cells of a word with new writes (each a new
  /// epoch) while a reader on another thread, ordered after the writer's
  /// first write (and, with `own_read`, a read of the writer's that leaves
  /// a second cell of its own), reads the word, kOwnCellTrials times. Whichever
  /// comes first, a later write and the read race: returns how many races
  /// the engine found.
  uint64_t own_cell_replacements_racing_a_reader(bool own_read) {
    constexpr int kTrials = kOwnCellTrials;
    std::vector<uint64_t> words(kTrials);
    std::vector<int> locks(kTrials);
    int tick = 0;
    GState* m = go(nullptr, 1);
    GState* writer = go(m, 2);
    GState* reader = go(m, 3);
    std::atomic<int> ready{-1};
    std::thread other([&] {
      for (int t = 0; t < kTrials; t++) {
        while (ready.load(std::memory_order_acquire) < t) {
        }
        engine_.acquire(reader, obj(&locks[t]));
        read(reader, &words[t], 8, "reader");
      }
    });
    for (int t = 0; t < kTrials; t++) {
      write(writer, &words[t], 8, "first");
      if (own_read) {
        engine_.release(writer, obj(&tick));
        read(writer, &words[t], 8, "own read");  // a second cell: a read keeps the write
      }
      engine_.release(writer, obj(&locks[t]));
      ready.store(t, std::memory_order_release);
      for (int k = 0; k < 4; k++) {
        engine_.release(writer, obj(&tick));  // each write a new epoch
        write(writer, &words[t], 8, "again");
      }
    }
    other.join();
    return engine_.found();
  }
};

alignas(16) unsigned char buf[64];

// Once the run's summary is being written, races found by goroutines still
// running are not delivered: the summary and the exit status count exactly
// the reports printed.
TEST_F(Memory, NoRaceIsDeliveredAfterReportsClose) {
  GState* m = go(nullptr, 1);
  GState* a = go(m, 2);
  write(a, &buf[0], 8);
  write(m, &buf[0], 8);
  EXPECT_EQ(races_.size(), 1u);
  engine_.close_reports();
  write(a, &buf[8], 8);
  write(m, &buf[8], 8);
  EXPECT_EQ(races_.size(), 1u);
  EXPECT_EQ(engine_.reported(), 1u);
  EXPECT_EQ(engine_.found(), 2u);
}

TEST_F(Memory, DifferentBytesOfOneWordDoNotRace) {
  GState* m = go(nullptr, 1);
  GState* a = go(m, 2);
  for (int i = 0; i < 8; i += 2) write(a, &buf[i], 2);
  write(m, &buf[1 * 2 + 1], 1);  // inside a's second 2-byte write
  EXPECT_EQ(races_.size(), 1u);
  races_.clear();
  write(a, &buf[16], 4);
  write(m, &buf[20], 4);
  read(m, &buf[16 + 8], 1);
  EXPECT_TRUE(races_.empty());
}

// Two cells per granule: one goroutine's accesses of one epoch share a
// cell, so a write to each byte of a word keeps them all, and a write
// still survives two later readers that are ordered after it.
TEST_F(Memory, OneEpochsBytesShareACell) {
  GState* m = go(nullptr, 1);
  GState* a = go(m, 2);
  for (int i = 0; i < 8; i++) write(a, &buf[32 + i], 1);
  for (int i = 0; i < 8; i++) {
    uint64_t before = engine_.found();
    GState* b = go(nullptr, 10 + i);
    read(b, &buf[32 + i], 1);
    EXPECT_EQ(engine_.found(), before + 1) << i;
  }
}

// Check-then-act (samples/14): goroutines read a word unlocked, then write it
// under a lock. B's read and A's later write race; A's own read between
// them must not push B's read out of the granule.
TEST_F(Memory, AConcurrentReadSurvivesTheWritersOwnRead) {
  int lock = 0;
  GState* m = go(nullptr, 1);
  write(m, &buf[56], 8);  // an earlier write both readers are ordered after
  GState* a = go(m, 2);
  GState* b = go(m, 3);
  read(b, &buf[56], 8, "b checks");
  read(a, &buf[56], 8, "a checks");
  engine_.acquire(a, obj(&lock));
  write(a, &buf[56], 8, "a inserts");
  engine_.release(a, obj(&lock));
  ASSERT_EQ(races_.size(), 1u);
  EXPECT_EQ(races_[0].current.goroutine, 2u);
  EXPECT_EQ(races_[0].previous.goroutine, 3u);
}

// A write that synchronised readers are ordered after still races a reader
// that never synchronised.
TEST_F(Memory, AWriteOutlivesOrderedReaders) {
  int lock = 0;
  GState* m = go(nullptr, 1);
  GState* w = go(m, 2);
  write(w, &buf[48], 8);
  engine_.release(w, obj(&lock));
  for (int i = 0; i < 3; i++) {
    GState* r = go(nullptr, 10 + i);
    engine_.acquire(r, obj(&lock));
    read(r, &buf[48], 8);
  }
  EXPECT_TRUE(races_.empty());
  GState* late = go(nullptr, 20);  // ordered after nothing: races the write
  read(late, &buf[48], 8);
  ASSERT_EQ(races_.size(), 1u);
  EXPECT_TRUE(races_[0].previous.is_write);
}

TEST_F(Memory, OverlappingAccessesRace) {
  GState* m = go(nullptr, 1);
  GState* a = go(m, 2);
  write(a, &buf[0], 4);
  read(m, &buf[3], 2);
  ASSERT_EQ(races_.size(), 1u);
  EXPECT_FALSE(races_[0].current.is_write);
  EXPECT_EQ(races_[0].current.size, 2u);
  // The previous access's bytes that the current one also touches.
  EXPECT_EQ(races_[0].previous.size, 1u);
  EXPECT_EQ(races_[0].previous.address, reinterpret_cast<uintptr_t>(&buf[3]));
}

// One instruction's accesses in one epoch share a cell (a loop over an int
// array); the report names the element that races, not the whole cell.
TEST_F(Memory, MergedAccessesReportTheRacingElement) {
  GState* m = go(nullptr, 1);
  GState* a = go(m, 2);
  read(a, &buf[8], 4);
  read(a, &buf[12], 4);
  write(m, &buf[12], 4);
  ASSERT_EQ(races_.size(), 1u);
  EXPECT_EQ(races_[0].previous.address, reinterpret_cast<uintptr_t>(&buf[12]));
  EXPECT_EQ(races_[0].previous.size, 4u);
}

TEST_F(Memory, UnalignedAccessSpanningGranules) {
  GState* m = go(nullptr, 1);
  GState* a = go(m, 2);
  write(a, &buf[36], 8);  // bytes 36..43: two granules
  write(m, &buf[42], 1);
  EXPECT_EQ(races_.size(), 1u);
  write(m, &buf[44], 4);
  EXPECT_EQ(races_.size(), 1u);
}

TEST_F(Memory, SixteenByteAndRangeAccesses) {
  GState* m = go(nullptr, 1);
  GState* a = go(m, 2);
  write(a, &buf[0], 16);
  read(m, &buf[12], 1);
  EXPECT_EQ(races_.size(), 1u);
  races_.clear();
  write(a, &buf[16], 48, "memset");
  read(m, &buf[60], 4, "load");
  ASSERT_EQ(races_.size(), 1u);
  EXPECT_EQ(races_[0].previous.stack.at(0).function, "memset");
}

TEST_F(Memory, ReadsDoNotRaceReads) {
  GState* m = go(nullptr, 1);
  GState* a = go(m, 2);
  GState* b = go(m, 3);
  read(a, &buf[0], 8);
  read(b, &buf[0], 8);
  read(m, &buf[0], 8);
  EXPECT_TRUE(races_.empty());
}

TEST_F(Memory, ReadSharedThenWriteRacesWithAnUnorderedReader) {
  int lock = 0;
  GState* m = go(nullptr, 1);
  GState* a = go(m, 2);
  GState* b = go(m, 3);
  read(a, &buf[8], 8, "read_a");
  read(b, &buf[8], 8, "read_b");  // now read-shared by a and b
  engine_.release(a, obj(&lock));
  engine_.acquire(m, obj(&lock));
  write(m, &buf[8], 8);  // ordered after a's read, not b's
  ASSERT_EQ(races_.size(), 1u);
  EXPECT_EQ(races_[0].previous.goroutine, 3u);
  EXPECT_EQ(races_[0].previous.stack.at(0).function, "read_b");
}

TEST_F(Memory, ReadSharedThenWriteOrderedAfterAllReaders) {
  int lock = 0;
  GState* m = go(nullptr, 1);
  GState* a = go(m, 2);
  GState* b = go(m, 3);
  read(a, &buf[8], 8);
  read(b, &buf[8], 8);
  engine_.release_merge(a, obj(&lock));
  engine_.release_merge(b, obj(&lock));
  engine_.acquire(m, obj(&lock));
  write(m, &buf[8], 8);
  EXPECT_TRUE(races_.empty());
}

TEST_F(Memory, AtomicsDoNotRaceAtomicsButRacePlainAccesses) {
  GState* m = go(nullptr, 1);
  GState* a = go(m, 2);
  atomic_write(a, &buf[0], 8);
  atomic_write(m, &buf[0], 8);
  atomic_read(m, &buf[0], 8);
  EXPECT_TRUE(races_.empty());
  read(m, &buf[0], 8);  // plain read vs a's atomic write
  ASSERT_EQ(races_.size(), 1u);
  EXPECT_TRUE(races_[0].previous.is_atomic);
  EXPECT_FALSE(races_[0].current.is_atomic);
  races_.clear();
  write(a, &buf[8], 8);
  atomic_read(m, &buf[8], 8);  // atomic read vs plain write
  ASSERT_EQ(races_.size(), 1u);
  EXPECT_TRUE(races_[0].current.is_atomic);
}

TEST_F(Memory, RangeResetForgetsHistory) {
  GState* m = go(nullptr, 1);
  GState* a = go(m, 2);
  write(a, &buf[0], 64);
  engine_.range_reset(reinterpret_cast<uintptr_t>(&buf[0]), 64);
  write(m, &buf[0], 64);
  EXPECT_TRUE(races_.empty());
}

TEST_F(Memory, LargeRangeResetUsesWholePages) {
  std::vector<unsigned char> big(1 << 20);
  GState* m = go(nullptr, 1);
  GState* a = go(m, 2);
  write(a, big.data(), big.size());
  engine_.range_reset(reinterpret_cast<uintptr_t>(big.data()), big.size());
  write(m, big.data(), big.size());
  read(m, &big[12345], 1);
  EXPECT_TRUE(races_.empty());
  GState* b = go(m, 3);  // after m's writes: ordered
  write(b, &big[777], 1);
  EXPECT_TRUE(races_.empty());
  write(a, &big[777], 1);  // a is not ordered with b
  EXPECT_EQ(races_.size(), 1u);
}

TEST_F(Memory, NoFalsePositiveAfterTenThousandGoroutinesComeAndGo) {
  // Each goroutine writes the same word, ordered by a lock, then ends; slots
  // are recycled many times over.
  int lock = 0;
  GState* m = go(nullptr, 1);
  for (uint64_t i = 0; i < 10000; i++) {
    GState* g = go(m, 2 + i);
    engine_.acquire(g, obj(&lock));
    write(g, &buf[0], 8);
    read(g, &buf[8], 8);
    engine_.release(g, obj(&lock));
    engine_.finish_goroutine(g);
  }
  engine_.acquire(m, obj(&lock));
  write(m, &buf[0], 8);
  write(m, &buf[8], 8);
  EXPECT_TRUE(races_.empty());
}

TEST_F(Memory, RaceWithRecycledSlotsOwnerIsStillFound) {
  // A goroutine's slot is recycled while its write is unordered with main:
  // the later owner's epochs continue the sequence, so main still sees the
  // old write as unordered.
  GState* m = go(nullptr, 1);
  GState* a = go(m, 2);
  write(a, &buf[0], 8);
  engine_.finish_goroutine(a);
  for (uint64_t i = 0; i < 3000; i++) engine_.finish_goroutine(go(m, 10 + i));
  read(m, &buf[0], 8);
  ASSERT_EQ(races_.size(), 1u);
  EXPECT_EQ(races_[0].previous.goroutine, 2u);
}

TEST_F(Memory, SameGoroutineNeverRacesItself) {
  int lock = 0;
  GState* m = go(nullptr, 1);
  write(m, &buf[0], 8);
  engine_.release(m, obj(&lock));
  read(m, &buf[0], 8);
  atomic_write(m, &buf[0], 8);
  write(m, &buf[0], 8);
  EXPECT_TRUE(races_.empty());
}

}  // namespace

// A loop's accesses checked at once (access_elements): a race is reported
// at the element that races, with the element's size, not the whole range.
TEST_F(Memory, ElementRangeReportsTheRacingElement) {
  GState* m = go(nullptr, 1);
  GState* a = go(m, 2);
  write(a, &buf[52], 2);  // inside the 4-byte element at 52
  engine_.access_elements(m, obj(&buf[0]), 64, 4, kRead, "loop");
  ASSERT_EQ(races_.size(), 1u);
  EXPECT_EQ(races_[0].current.address, obj(&buf[52]));
  EXPECT_EQ(races_[0].current.size, 4u);
  EXPECT_FALSE(races_[0].current.is_write);
}

// A range of elements that starts inside a granule (elements of 4 bytes
// from byte 4): the racing element is found from the range's start.
TEST_F(Memory, ElementRangeStartingInsideAGranule) {
  GState* m = go(nullptr, 1);
  GState* a = go(m, 2);
  write(a, &buf[20], 1);
  engine_.access_elements(m, obj(&buf[4]), 32, 4, kWrite, "loop");
  ASSERT_EQ(races_.size(), 1u);
  EXPECT_EQ(races_[0].current.address, obj(&buf[20]));
  EXPECT_EQ(races_[0].current.size, 4u);
}

}  // namespace gorace::analyzer::testing

namespace gorace::analyzer::testing {
namespace {

// Whole 128-byte units of a range are checked and recorded once per unit
// (shadow units): the verdicts are those of granule-by-granule checks.
alignas(128) unsigned char block[1024];

TEST_F(Memory, AByteInsideAWholeUnitWriteRaces) {
  GState* m = go(nullptr, 1);
  GState* a = go(m, 2);
  write(a, &block[0], 512, "fill");
  read(m, &block[300], 1, "peek");
  ASSERT_EQ(races_.size(), 1u);
  EXPECT_EQ(races_[0].current.address, obj(&block[300]));
  EXPECT_EQ(races_[0].previous.goroutine, 2u);
  EXPECT_TRUE(races_[0].previous.is_write);
}

// A fresh block's clean units are claimed eight at a time: every unit of
// the write still races a later unordered access, the last one included.
TEST_F(Memory, EveryUnitOfAFreshBlockWriteRaces) {
  GState* m = go(nullptr, 1);
  GState* a = go(m, 2);
  constexpr size_t kUnitBytes = 128;  // Shadow::kUnitBytes
  write(a, &block[0], sizeof block, "fill");
  // One reading site per unit: reports of one pair of sites are deduplicated.
  static const char* const kPeeks[] = {"peek0", "peek1", "peek2", "peek3",
                                       "peek4", "peek5", "peek6", "peek7"};
  static_assert(std::size(kPeeks) == sizeof block / kUnitBytes);
  for (size_t k = 0; k < std::size(kPeeks); k++) read(m, &block[k * kUnitBytes + 7], 1, kPeeks[k]);
  ASSERT_EQ(races_.size(), std::size(kPeeks));
  for (const auto& race : races_) EXPECT_EQ(race.previous.goroutine, 2u);
}

TEST_F(Memory, WholeUnitHandOffThroughAChannelDoesNotRace) {
  int chan = 0;
  GState* m = go(nullptr, 1);
  GState* a = go(m, 2);
  GState* b = go(m, 3);
  write(a, &block[0], 1024, "fill");
  engine_.release(a, obj(&chan));
  engine_.acquire(b, obj(&chan));
  read(b, &block[0], 1024, "sum");
  read(b, &block[77], 1, "peek");
  write(b, &block[8], 1000, "overwrite");  // part units at both ends
  EXPECT_TRUE(races_.empty());
  read(a, &block[640], 8, "late");  // a is not ordered after b's write
  ASSERT_EQ(races_.size(), 1u);
  EXPECT_EQ(races_[0].previous.goroutine, 3u);
}

TEST_F(Memory, TwoUnorderedWholeUnitReadersBothRaceALaterWrite) {
  int lock = 0;
  GState* m = go(nullptr, 1);
  write(m, &block[0], 256);
  GState* a = go(m, 2);
  GState* b = go(m, 3);
  read(a, &block[0], 256, "a reads");
  read(b, &block[0], 256, "b reads");
  engine_.release(a, obj(&lock));
  GState* c = go(nullptr, 4);
  engine_.acquire(c, obj(&lock));  // after a's read, not b's
  write(c, &block[200], 4, "c writes");
  ASSERT_EQ(races_.size(), 1u);
  EXPECT_EQ(races_[0].previous.goroutine, 3u);
  EXPECT_FALSE(races_[0].previous.is_write);
}

TEST_F(Memory, APartResetOfAWholeUnitWriteForgetsOnlyThatPart) {
  GState* m = go(nullptr, 1);
  GState* a = go(m, 2);
  write(a, &block[0], 256, "fill");
  engine_.range_reset(obj(&block[64]), 64);
  write(m, &block[64], 64, "reuse");
  EXPECT_TRUE(races_.empty());
  write(m, &block[8], 8, "stale");
  ASSERT_EQ(races_.size(), 1u);
  EXPECT_EQ(races_[0].previous.goroutine, 2u);
}

TEST_F(Memory, ARangeMixingWholeAndPartUnitsRacesAtEitherEnd) {
  GState* m = go(nullptr, 1);
  GState* a = go(m, 2);
  write(a, &block[120], 8, "head");  // the last granule of unit 0
  write(a, &block[640], 1, "tail");  // the first byte of unit 5
  engine_.access_elements(m, obj(&block[100]), 541, 1, kRead, "loop");
  ASSERT_EQ(races_.size(), 1u);
  EXPECT_EQ(races_[0].current.address, obj(&block[120]));
  races_.clear();
  GState* b = go(nullptr, 3);
  engine_.access_elements(b, obj(&block[128]), 513, 1, kWrite, "loop");
  ASSERT_EQ(races_.size(), 1u);  // with m's whole-unit reads, from block[128]
  EXPECT_EQ(races_[0].current.address, obj(&block[128]));
  EXPECT_EQ(races_[0].previous.goroutine, 1u);
}

// A range access remembers the outcome of its last unit and reuses it for
// the next unit holding the same cells: a unit holding other cells is
// checked on its own.
TEST_F(Memory, ASweepChecksAUnitHoldingOtherCellsOnItsOwn) {
  int chan = 0;
  GState* m = go(nullptr, 1);
  GState* a = go(m, 2);
  GState* b = go(m, 3);
  GState* c = go(m, 4);
  write(a, &block[0], 768, "a fills");
  write(b, &block[768], 256, "b fills");
  engine_.release(a, obj(&chan));
  engine_.acquire(c, obj(&chan));  // after a's writes, not b's
  engine_.access_elements(c, obj(&block[0]), 1024, 8, kRead, "c sums");
  ASSERT_EQ(races_.size(), 1u);
  EXPECT_EQ(races_[0].current.address, obj(&block[768]));
  EXPECT_EQ(races_[0].previous.goroutine, 3u);
  races_.clear();
  // c's read is recorded in every unit, including those it took from the
  // remembered outcome: an unordered write races it anywhere.
  GState* d = go(a, 5);  // after a's writes
  write(d, &block[400], 1, "d writes");
  ASSERT_EQ(races_.size(), 1u);
  EXPECT_EQ(races_[0].previous.goroutine, 4u);
}

// Unit records are locked sixteen units (2 KiB of memory) at a time: a
// sweep across groups records every unit.
TEST_F(Memory, ASweepAcrossUnitLockGroupsRecordsEveryUnit) {
  alignas(4096) static unsigned char big[8192];
  GState* m = go(nullptr, 1);
  GState* a = go(m, 2);
  write(a, &big[64], 7990, "fill");  // part units at both ends, four groups
  GState* b = go(nullptr, 3);
  write(b, &big[2047], 1, "end of group 0");
  write(b, &big[2048], 1, "start of group 1");
  write(b, &big[6200], 1, "group 3");
  write(b, &big[8053], 1, "last byte");
  ASSERT_EQ(races_.size(), 4u);
  for (const report::Race& r : races_) EXPECT_EQ(r.previous.goroutine, 2u);
}

// Eight units of 1 KiB-aligned memory written whole form a run, checked
// and recorded once: every unit still races, and an access covering part of
// a run (a range or a single granule) finds the history of the units it
// covers, as do later accesses of the others.
alignas(1024) unsigned char kib[4096];

TEST_F(Memory, EveryUnitOfARunRaces) {
  GState* m = go(nullptr, 1);
  GState* a = go(m, 2);
  write(a, kib, sizeof kib, "fill");
  read(m, &kib[0], 1, "run 0, unit 0");
  read(m, &kib[1024 + 5 * 128 + 3], 1, "run 1, unit 5");
  read(m, &kib[sizeof kib - 1], 1, "run 3, unit 7");
  read(m, &kib[2048 + 256], 256, "part of run 2");
  read(m, &kib[2048 + 7 * 128], 8, "run 2, after the part");
  ASSERT_EQ(races_.size(), 5u);
  for (const report::Race& r : races_) EXPECT_EQ(r.previous.goroutine, 2u);
  EXPECT_EQ(races_[3].current.address, obj(&kib[2048 + 256]));
}

TEST_F(Memory, APartOfARunTakesItsOwnHistory) {
  int chan = 0;
  GState* m = go(nullptr, 1);
  GState* a = go(m, 2);
  GState* b = go(m, 3);
  write(a, kib, 2048, "a fills");
  engine_.release(a, obj(&chan));
  engine_.acquire(b, obj(&chan));
  write(b, &kib[256], 256, "b overwrites units 2-3");
  EXPECT_TRUE(races_.empty());
  // Goroutines unordered with a and b (one report per access, and a
  // goroutine's own read covers its later reads of the same bytes).
  read(go(nullptr, 4), &kib[0], 1024, "reads run 0");
  ASSERT_EQ(races_.size(), 1u);
  EXPECT_EQ(races_[0].previous.goroutine, 2u);  // unit 0 first
  read(go(nullptr, 5), &kib[300], 1, "peeks unit 2");
  ASSERT_EQ(races_.size(), 2u);
  EXPECT_EQ(races_[1].previous.goroutine, 3u);
  read(go(nullptr, 6), &kib[1024], 1024, "reads run 1");
  ASSERT_EQ(races_.size(), 3u);
  EXPECT_EQ(races_[2].previous.goroutine, 2u);
}

TEST_F(Memory, AResetOfPartOfARunForgetsOnlyThatPart) {
  GState* m = go(nullptr, 1);
  GState* a = go(m, 2);
  write(a, kib, 1024, "fill");
  engine_.range_reset(obj(&kib[128]), 264);  // units 1-2 and a granule of unit 3
  GState* b = go(nullptr, 3);
  write(b, &kib[128], 264, "reuse");
  EXPECT_TRUE(races_.empty());
  write(b, &kib[392], 8, "stale");
  ASSERT_EQ(races_.size(), 1u);
  EXPECT_EQ(races_[0].previous.goroutine, 2u);
}

}  // namespace
}  // namespace gorace::analyzer::testing

namespace gorace::analyzer::testing {
namespace {

// Readers on several threads, ordered after one write, read whole units and
// single granules of the same block at once: units are claimed, split and
// shared concurrently, and no read may race. A write unordered with them
// afterwards must still race.
// A goroutine's access superseding its own sole earlier cell replaces it
// without the granule's lock: the new epoch (and stack) is what later
// accesses check, so a goroutine ordered after the first write only still
// races the second.
TEST_F(Memory, ReaccessOfOwnDataAfterASyncRecordsTheNewEpoch) {
  alignas(8) static unsigned char word[8];
  int lock = 0, other = 0;
  GState* m = go(nullptr, 1);
  GState* a = go(m, 2);
  write(a, word, 8, "first");
  engine_.release(a, obj(&lock));
  engine_.release(a, obj(&other));  // a new epoch
  write(a, word, 8, "second");
  GState* b = go(nullptr, 3);
  engine_.acquire(b, obj(&lock));  // ordered after "first" only
  read(b, word, 8, "reader");
  ASSERT_EQ(races_.size(), 1u);
  EXPECT_EQ(races_[0].previous.stack.at(0).function, "second");
}

// The same replacement racing a locked recorder on another thread: a read
// ordered after the writer's first write lands beside it while the writer
// keeps replacing its cell with new writes. Whichever comes first, a later
// write and the read race, and one of them finds it (fails when a
// replacement is not recorded). The narrowest interleaving, the read added
// between the writer's look at the second cell and its CAS, is rarely hit:
// the writer then checks what the reader added (check_added_cells).
TEST_F(Memory, OwnCellReplacementRacingAnOrderedReaderFindsTheRace) {
  EXPECT_GE(own_cell_replacements_racing_a_reader(false), static_cast<uint64_t>(kOwnCellTrials));
}

// A goroutine's write over its own earlier write is replaced without the
// lock only while the granule's other cell is its own too: beside another
// goroutine's read, the write is checked against it.
TEST_F(Memory, AnOwnRewriteBesideAnotherGoroutinesReadRacesIt) {
  alignas(8) static uint64_t word;
  GState* m = go(nullptr, 1);
  write(m, &word, 8, "first");
  GState* r = go(m, 2);         // after the first write; m's epoch advances
  read(r, &word, 8, "reader");  // kept beside m's write
  EXPECT_TRUE(races_.empty());
  write(m, &word, 8, "second");  // unordered with r's read
  ASSERT_EQ(races_.size(), 1u);
  EXPECT_EQ(races_[0].previous.goroutine, 2u);
  EXPECT_FALSE(races_[0].previous.is_write);
}

// As OwnCellReplacementRacingAnOrderedReaderFindsTheRace, with the granule
// holding two cells of the writer's (a write and a later read), which its
// next write replaces without the lock too.
TEST_F(Memory, TwoOwnCellsReplacementRacingAnOrderedReaderFindsTheRace) {
  EXPECT_GE(own_cell_replacements_racing_a_reader(true), static_cast<uint64_t>(kOwnCellTrials));
}

// The block starts a run: the scans split runs while others read them.
TEST_F(Memory, ConcurrentWholeUnitAndGranuleReadsNeverRace) {
  alignas(1024) static unsigned char shared_block[4096];
  int chan = 0;
  GState* m = go(nullptr, 1);
  write(m, shared_block, sizeof shared_block, "fill");
  engine_.release(m, obj(&chan));
  std::vector<std::thread> readers;
  for (uint64_t t = 0; t < 4; t++) {
    GState* r = go(nullptr, 10 + t);
    engine_.acquire(r, obj(&chan));
    readers.emplace_back([this, r, t] {
      for (unsigned i = 0; i < 2000; i++) {
        const size_t at = (i * 7919 + t * 104729) % (sizeof shared_block - 512);
        if (i % 3 == 0)
          read(r, &shared_block[at], 8, "peek");
        else
          read(r, &shared_block[at & ~size_t{127}], 512, "scan");
      }
    });
  }
  for (std::thread& t : readers) t.join();
  EXPECT_TRUE(races_.empty());
  write(go(nullptr, 2), &shared_block[1000], 1, "late write");
  EXPECT_EQ(races_.size(), 1u);
}

}  // namespace
}  // namespace gorace::analyzer::testing

namespace gorace::analyzer::testing {
namespace {

// Memory freed and reused forgets its history whatever the shapes of the
// accesses and of the reset: a granule or a range, with or without a read
// splitting a uniform unit, at a unit's start or inside it, within one unit
// or across several (a reset of a single granule at a unit's start tripped
// an attempt at batching units).
TEST_F(Memory, ResetForgetsEveryShapeOfHistory) {
  alignas(4096) static unsigned char arena[4096];
  for (size_t off : {0, 8, 64, 120, 128}) {
    for (size_t len : {8, 64, 128, 200, 512, 1000, 1024, 2100}) {
      for (int shape = 0; shape < 4; shape++) {
        races_.clear();
        unsigned char* p = &arena[1024 + off];
        GState* m = go(nullptr, 1);
        GState* a = go(m, 2);
        if ((shape & 1) != 0) {
          engine_.access(a, obj(p), len, kWrite, "fill");
        } else {
          write(a, p, 8, "set");
        }
        if ((shape & 2) != 0) read(a, p + (len > 16 ? 16 : 0), 8, "peek");
        engine_.access_at(a, obj(p), len, kWrite | kIfTracked, 0);  // a free
        engine_.range_reset(obj(p), len);
        GState* b = go(nullptr, 3);  // unordered with a: only history could race
        engine_.access(b, obj(p), len, kWrite, "reuse");
        read(b, p, 8, "reread");
        EXPECT_TRUE(races_.empty()) << "offset " << off << " length " << len << " shape " << shape;
        engine_.range_reset(obj(arena), sizeof arena);
        engine_.finish_goroutine(a);
        engine_.finish_goroutine(b);
        engine_.finish_goroutine(m);
      }
    }
  }
}

}  // namespace
}  // namespace gorace::analyzer::testing
