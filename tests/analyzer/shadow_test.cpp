// Shadow units (shadow.hpp): whole-unit cells, splitting, reset.
#include "shadow.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

namespace gorace::analyzer {
namespace {

constexpr uintptr_t kBase = uintptr_t{1} << 40;  // any tracked, unit-aligned address
constexpr uint64_t kCell = Cell::pack(7, 3, 0xFF, true, false);

UnitState state(Shadow& s, uintptr_t addr) {
  return Shadow::unit_state(s.granule(addr)).load();
}

/// Makes the unit at `addr` uniform, holding kCell.
void fill_uniform(Shadow& s, uintptr_t addr) {
  Granule* first = s.granule(addr);
  UnitRecord& shared = Shadow::unit_cells(first);
  GranuleLock lock(Shadow::unit_lock(first));
  ASSERT_TRUE(s.claim_uniform(first));
  lock.store(shared.cells[0], kCell);
}

TEST(ShadowUnits, FreshMemoryIsClean) {
  Shadow s;
  EXPECT_EQ(state(s, kBase), UnitState::kClean);
  EXPECT_FALSE(Shadow::cells_of(s.granule(kBase + 40)));
  EXPECT_FALSE(Shadow::has_history(s.granule(kBase + 40)));
}

TEST(ShadowUnits, AUniformUnitsGranulesShareTheUnitsCells) {
  Shadow s;
  fill_uniform(s, kBase);
  const Cell* shared = Shadow::unit_cells(s.granule(kBase)).cells;
  for (uintptr_t a = kBase; a < kBase + Shadow::kUnitBytes; a += 8) {
    EXPECT_EQ(&Shadow::cells_of(s.granule(a)).first(), shared) << a - kBase;
    EXPECT_EQ(s.granule(a)->cells[0].word.load(), 0u);  // own cells untouched
    EXPECT_TRUE(Shadow::has_history(s.granule(a)));
  }
  EXPECT_EQ(state(s, kBase + Shadow::kUnitBytes), UnitState::kClean);  // the next unit
}

TEST(ShadowUnits, SplittingCopiesTheSharedCellsIntoEveryGranule) {
  Shadow s;
  fill_uniform(s, kBase);
  s.make_fine(s.granule(kBase + 24));
  EXPECT_EQ(state(s, kBase), UnitState::kFine);
  for (uintptr_t a = kBase; a < kBase + Shadow::kUnitBytes; a += 8) {
    const Granule* g = s.granule(a);
    ASSERT_EQ(&Shadow::cells_of(s.granule(a)).first(), g->cells);
    EXPECT_EQ(g->cells[0].word.load(), kCell) << a - kBase;  // unlocked copy
    EXPECT_EQ(g->cells[1].word.load(), 0u);
  }
  // The record is emptied: a later uniform phase starts from no cells.
  EXPECT_EQ(Shadow::unit_cells(s.granule(kBase)).cells[0].word.load(), 0u);
}

// A granule keeps two cells beside it; a third spills it (its far cells
// then count), and a reset unspills it without reading its far cells.
TEST(ShadowSpill, AThirdCellSpillsAndAResetUnspills) {
  Shadow s;
  Granule* g = s.granule(kBase + 8);
  s.make_fine(g);
  const CellRef cells(*g);
  const uint64_t none[Granule::kCells] = {};
  const uint64_t two[Granule::kCells] = {kCell, Cell::pack(8, 4, 0xFF, false, false)};
  const uint64_t three[Granule::kCells] = {kCell, two[1], Cell::pack(9, 5, 0x0F, false, false)};
  uint64_t words[Granule::kCells];
  {
    GranuleLock lock(*g);
    cells.rewrite(lock, none, two);
    EXPECT_FALSE(cells.spilled());
    cells.rewrite(lock, two, three);
    EXPECT_TRUE(cells.spilled());
    cells.load(words);
    for (int i = 0; i < Granule::kCells; i++) EXPECT_EQ(words[i], three[i]) << i;  // no bit 62
    EXPECT_EQ(Shadow::far(*g).cells[0].word.load(), three[2]);
    EXPECT_NE(g->cells[0].word.load() & Cell::kLockBit, 0u);  // still locked
  }
  s.reset(kBase + 8, 8);
  EXPECT_FALSE(cells.spilled());
  EXPECT_FALSE(Shadow::has_history(g));
  // Refilled: the far cells left from before count only once rewritten.
  Shadow::far(*g).cells[1].word.store(kCell);
  s.make_fine(g);
  GranuleLock lock(*g);
  cells.rewrite(lock, none, two);
  cells.load(words);
  EXPECT_EQ(words[2], 0u);
  cells.rewrite(lock, two, three);
  cells.load(words);
  EXPECT_EQ(words[3], 0u);
  // Back to two cells: unspilled.
  cells.rewrite(lock, three, two);
  EXPECT_FALSE(cells.spilled());
  cells.load(words);
  EXPECT_EQ(words[2], 0u);
}

// Splitting a uniform unit whose record holds three cells spills each of
// its granules, which then hold the same three.
TEST(ShadowSpill, SplittingAThreeCellRecordSpillsEveryGranule) {
  Shadow s;
  fill_uniform(s, kBase);
  const uint64_t one[Granule::kCells] = {kCell};
  const uint64_t three[Granule::kCells] = {kCell, Cell::pack(8, 4, 0xFF, false, false),
                                           Cell::pack(9, 5, 0xFF, false, false)};
  {
    Granule* first = s.granule(kBase);
    GranuleLock lock(Shadow::unit_lock(first));
    CellRef(Shadow::unit_cells(first)).rewrite(lock, one, three);
  }
  {  // a record's cells all count: shrinking empties the last ones
    Granule* first = s.granule(kBase);
    GranuleLock lock(Shadow::unit_lock(first));
    const CellRef record(Shadow::unit_cells(first));
    record.rewrite(lock, three, one);
    uint64_t words[Granule::kCells];
    record.load(words);
    for (int i = 0; i < Granule::kCells; i++) EXPECT_EQ(words[i], one[i]) << i;
    record.rewrite(lock, one, three);
  }
  s.make_fine(s.granule(kBase + 8));
  for (uintptr_t a = kBase; a < kBase + Shadow::kUnitBytes; a += 8) {
    const CellRef cells(*s.granule(a));
    ASSERT_TRUE(cells.spilled()) << a - kBase;
    uint64_t words[Granule::kCells];
    cells.load(words);
    for (int i = 0; i < Granule::kCells; i++) EXPECT_EQ(words[i], three[i]) << a - kBase;
  }
}

TEST(ShadowUnits, AWholeUnitAccessCannotClaimAFineUnit) {
  Shadow s;
  s.make_fine(s.granule(kBase + 8));
  Granule* first = s.granule(kBase);
  GranuleLock lock(Shadow::unit_lock(first));
  EXPECT_FALSE(s.claim_uniform(first));
  EXPECT_EQ(state(s, kBase), UnitState::kFine);
}

constexpr uintptr_t kRunBytes = Shadow::kRunUnits * Shadow::kUnitBytes;

/// Makes the run at `addr` (kRunBytes-aligned, clean) hold kCell.
void fill_run(Shadow& s, uintptr_t addr) {
  Granule* first = s.granule(addr);
  GranuleLock lock(Shadow::unit_lock(first));
  ASSERT_TRUE(s.claim_clean_run(first));
  lock.store(Shadow::unit_cells(first).cells[0], kCell);
}

// kBase is chunk-aligned, so its first kRunUnits unit states share a word:
// they become one run, whose granules all hold the first unit's cells.
TEST(ShadowUnits, ARunOfCleanUnitsIsClaimedAtOnce) {
  Shadow s;
  fill_run(s, kBase);
  const Cell* shared = Shadow::unit_cells(s.granule(kBase)).cells;
  for (uintptr_t a = kBase; a < kBase + kRunBytes; a += 40) {
    EXPECT_EQ(state(s, a), UnitState::kRun) << a - kBase;
    EXPECT_EQ(&Shadow::cells_of(s.granule(a)).first(), shared) << a - kBase;
  }
  EXPECT_EQ(state(s, kBase + kRunBytes), UnitState::kClean);
}

TEST(ShadowUnits, UnrunningGivesEveryUnitTheRunsCells) {
  Shadow s;
  fill_run(s, kBase);
  Granule* inside = s.granule(kBase + 3 * Shadow::kUnitBytes + 16);
  {
    GranuleLock lock(Shadow::unit_lock(inside));
    Shadow::unrun(inside);
  }
  for (uintptr_t a = kBase; a < kBase + kRunBytes; a += Shadow::kUnitBytes) {
    EXPECT_EQ(state(s, a), UnitState::kUniform) << a - kBase;
    EXPECT_EQ(Shadow::unit_cells(s.granule(a)).cells[0].word.load(), kCell) << a - kBase;
  }
}

TEST(ShadowUnits, SplittingAUnitOfARunLeavesTheOthersUniform) {
  Shadow s;
  fill_run(s, kBase);
  const uintptr_t unit3 = kBase + 3 * Shadow::kUnitBytes;
  s.make_fine(s.granule(unit3 + 8));
  for (uintptr_t a = kBase; a < kBase + kRunBytes; a += Shadow::kUnitBytes)
    EXPECT_EQ(state(s, a), a == unit3 ? UnitState::kFine : UnitState::kUniform) << a - kBase;
  for (uintptr_t a = kBase; a < kBase + kRunBytes; a += 8)
    EXPECT_EQ(Shadow::cells_of(s.granule(a)).first().word.load() & ~Cell::kLockBit, kCell)
        << a - kBase;
}

TEST(ShadowUnits, ResettingAWholeRunMakesItClean) {
  Shadow s;
  fill_run(s, kBase);
  fill_run(s, kBase + kRunBytes);
  s.reset(kBase, kRunBytes);
  for (uintptr_t a = kBase; a < kBase + kRunBytes; a += Shadow::kUnitBytes)
    EXPECT_EQ(state(s, a), UnitState::kClean) << a - kBase;
  EXPECT_EQ(Shadow::unit_cells(s.granule(kBase)).cells[0].word.load() & ~Cell::kLockBit, 0u);
  EXPECT_EQ(state(s, kBase + kRunBytes), UnitState::kRun);  // the next run
}

TEST(ShadowUnits, ResettingPartOfARunKeepsTheRestsHistory) {
  Shadow s;
  fill_run(s, kBase);
  s.reset(kBase + Shadow::kUnitBytes, 2 * Shadow::kUnitBytes + 8);  // units 1-2, a granule of 3
  for (uintptr_t a = kBase; a < kBase + kRunBytes; a += 8) {
    const bool cleared = a >= kBase + Shadow::kUnitBytes && a < kBase + 3 * Shadow::kUnitBytes + 8;
    EXPECT_EQ(Shadow::has_history(s.granule(a)), !cleared) << a - kBase;
  }
  EXPECT_EQ(state(s, kBase), UnitState::kUniform);
  EXPECT_EQ(state(s, kBase + Shadow::kUnitBytes), UnitState::kClean);
  EXPECT_EQ(state(s, kBase + 3 * Shadow::kUnitBytes), UnitState::kFine);
}

TEST(ShadowUnits, ARunWithAUnitNotCleanIsNotClaimed) {
  Shadow s;
  const uintptr_t last = kBase + (Shadow::kRunUnits - 1) * Shadow::kUnitBytes;
  s.make_fine(s.granule(last));
  Granule* first = s.granule(kBase);
  GranuleLock lock(Shadow::unit_lock(first));
  EXPECT_FALSE(s.claim_clean_run(first));
  EXPECT_EQ(state(s, kBase), UnitState::kClean);
  EXPECT_EQ(state(s, last), UnitState::kFine);
  // A run whose states do not start a word is not claimed either.
  EXPECT_FALSE(s.claim_clean_run(s.granule(kBase + Shadow::kUnitBytes)));
  EXPECT_EQ(state(s, kBase + Shadow::kUnitBytes), UnitState::kClean);
}

TEST(ShadowUnits, ResettingAWholeUnitMakesItClean) {
  Shadow s;
  fill_uniform(s, kBase);
  s.reset(kBase, Shadow::kUnitBytes);
  EXPECT_EQ(state(s, kBase), UnitState::kClean);
  EXPECT_EQ(Shadow::unit_cells(s.granule(kBase)).cells[0].word.load(), 0u);
}

TEST(ShadowUnits, ResettingPartOfAUniformUnitSplitsIt) {
  Shadow s;
  fill_uniform(s, kBase);
  s.reset(kBase + 16, 32);  // granules 2-5
  EXPECT_EQ(state(s, kBase), UnitState::kFine);
  for (uintptr_t a = kBase; a < kBase + Shadow::kUnitBytes; a += 8) {
    const bool cleared = a >= kBase + 16 && a < kBase + 48;
    EXPECT_EQ(Shadow::has_history(s.granule(a)), !cleared) << a - kBase;
  }
}

TEST(ShadowUnits, ResettingAFineUnitClearsEveryGranule) {
  Shadow s;
  for (uintptr_t a = kBase; a < kBase + 3 * Shadow::kUnitBytes; a += 8) {
    Granule* g = s.granule(a);
    s.make_fine(g);
    g->cells[0].word.store(kCell);
  }
  s.reset(kBase, 3 * Shadow::kUnitBytes);
  for (uintptr_t a = kBase; a < kBase + 3 * Shadow::kUnitBytes; a += Shadow::kUnitBytes)
    EXPECT_EQ(state(s, a), UnitState::kClean);
  for (uintptr_t a = kBase; a < kBase + 3 * Shadow::kUnitBytes; a += 8)
    EXPECT_EQ(s.granule(a)->cells[0].word.load(), 0u);
}

// Releasing a range (munmap) empties it as a reset does, gives its shadow
// pages back, and leaves its neighbours alone.
TEST(ShadowUnits, ReleasingARangeEmptiesItAndSparesItsNeighbours) {
  Shadow s;
  constexpr uintptr_t kSpan = 1 << 20;  // 1 MiB, plus a partial unit each side
  const uintptr_t begin = kBase + 40, end = kBase + kSpan + 40;
  for (uintptr_t a = kBase; a < end + Shadow::kUnitBytes; a += Shadow::kUnitBytes)
    fill_uniform(s, a);
  s.make_fine(s.granule(kBase + 512 * 1024 + 8));  // one fine unit inside
  s.release(begin, end - begin);
  for (uintptr_t a : {begin, begin + 88, kBase + 4096, kBase + 512 * 1024 + 8, end - 8}) {
    EXPECT_FALSE(Shadow::has_history(s.granule(a))) << a - kBase;
  }
  for (uintptr_t a = kBase + Shadow::kUnitBytes; a < kBase + kSpan; a += 4096) {
    ASSERT_EQ(state(s, a), UnitState::kClean) << a - kBase;
    ASSERT_EQ(Shadow::unit_cells(s.granule(a)).cells[0].word.load(), 0u) << a - kBase;
  }
  EXPECT_TRUE(Shadow::has_history(s.granule(kBase)));    // before the range
  EXPECT_TRUE(Shadow::has_history(s.granule(end + 8)));  // after it
  fill_uniform(s, kBase + 4096);                         // usable again
  EXPECT_EQ(Shadow::unit_cells(s.granule(kBase + 4096)).cells[0].word.load(), kCell);
}

// A release ending inside a unit group leaves the group's lock alone: it
// guards the units past the range too.
TEST(ShadowUnits, AReleaseEndingInsideAUnitGroupKeepsTheGroupsLock) {
  Shadow s;
  const uintptr_t end = kBase + (1 << 20) + 1024;
  Granule* after = s.granule(end);
  GranuleLock lock(Shadow::unit_lock(after));
  s.release(kBase, end - kBase);
  EXPECT_NE(Shadow::unit_lock(after).cells[0].word.load() & Cell::kLockBit, 0u);
}

// Sync marks: taking a range visits exactly the marked addresses inside it,
// once, at byte precision, across regions and chunks.
TEST(ShadowSyncMarks, TakingARangeVisitsExactlyItsMarksOnce) {
  Shadow s;
  constexpr uintptr_t kChunkSpan = uintptr_t{8} << 20;  // application bytes per chunk
  const uintptr_t marked[] = {kBase + 3,    kBase + 8,          kBase + 4095,
                              kBase + 4096, kBase + 300 * 1024, kBase + kChunkSpan + 17};
  for (uintptr_t a : marked) s.mark_sync(a);
  s.mark_sync(kBase + 3);  // twice: one mark
  auto take = [&](uintptr_t addr, size_t size) {
    std::vector<uintptr_t> seen;
    s.take_sync_marks(addr, size, [&](uintptr_t a) { seen.push_back(a); });
    return seen;
  };
  EXPECT_EQ(take(kBase + 4, 4092), (std::vector<uintptr_t>{kBase + 8, kBase + 4095}));
  EXPECT_EQ(take(kBase, 4096), (std::vector<uintptr_t>{kBase + 3}));  // the rest taken
  EXPECT_TRUE(take(kBase, 4096).empty());
  EXPECT_EQ(take(kBase + 4096, 2 * kChunkSpan),
            (std::vector<uintptr_t>{kBase + 4096, kBase + 300 * 1024, kBase + kChunkSpan + 17}));
  EXPECT_TRUE(take(kBase, 3 * kChunkSpan).empty());
  s.mark_sync(kBase + 5);  // marks again after its region's summary was cleared
  EXPECT_EQ(take(kBase + 5, 1), (std::vector<uintptr_t>{kBase + 5}));
}

}  // namespace
}  // namespace gorace::analyzer
