// Shadow units (shadow.hpp): whole-unit cells, splitting, reset.
#include "shadow.hpp"

#include <gtest/gtest.h>

#include <cstdint>

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
  Granule& shared = Shadow::unit_cells(first);
  GranuleLock lock(shared);
  ASSERT_TRUE(s.claim_uniform(first));
  lock.store(shared.cells[0], kCell);
}

TEST(ShadowUnits, FreshMemoryIsClean) {
  Shadow s;
  EXPECT_EQ(state(s, kBase), UnitState::kClean);
  EXPECT_EQ(Shadow::cells_of(s.granule(kBase + 40)), nullptr);
  EXPECT_FALSE(Shadow::has_history(s.granule(kBase + 40)));
}

TEST(ShadowUnits, AUniformUnitsGranulesShareTheUnitsCells) {
  Shadow s;
  fill_uniform(s, kBase);
  const Granule* shared = &Shadow::unit_cells(s.granule(kBase));
  for (uintptr_t a = kBase; a < kBase + Shadow::kUnitBytes; a += 8) {
    EXPECT_EQ(Shadow::cells_of(s.granule(a)), shared) << a - kBase;
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
    const Granule* g = Shadow::cells_of(s.granule(a));
    ASSERT_EQ(g, s.granule(a));
    EXPECT_EQ(g->cells[0].word.load(), kCell) << a - kBase;  // unlocked copy
    EXPECT_EQ(g->cells[1].word.load(), 0u);
  }
  // The record is emptied: a later uniform phase starts from no cells.
  EXPECT_EQ(Shadow::unit_cells(s.granule(kBase)).cells[0].word.load(), 0u);
}

TEST(ShadowUnits, AWholeUnitAccessCannotClaimAFineUnit) {
  Shadow s;
  s.make_fine(s.granule(kBase + 8));
  Granule* first = s.granule(kBase);
  GranuleLock lock(Shadow::unit_cells(first));
  EXPECT_FALSE(s.claim_uniform(first));
  EXPECT_EQ(state(s, kBase), UnitState::kFine);
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

}  // namespace
}  // namespace gorace::analyzer
