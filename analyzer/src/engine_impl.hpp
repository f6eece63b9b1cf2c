// The engine's internals, shared by its implementation files:
// engine.cpp (goroutines, synchronisation, stacks), engine_memory.cpp
// (accesses and the shadow) and engine_report.cpp (race reports).
#pragma once

#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <set>
#include <utility>

#include "clock_table.hpp"
#include "gorace/analyzer/engine.hpp"
#include "goroutine.hpp"
#include "shadow.hpp"
#include "slot_table.hpp"
#include "spin_lock.hpp"
#include "stack_depot.hpp"
#include "vector_clock.hpp"

namespace gorace::analyzer {

/// Sync object clocks keyed by address, in independently locked shards.
class SyncMap {
 public:
  static constexpr size_t kShards = 256;
  struct alignas(64) Shard {
    SpinLock lock;
    ClockTable clocks;
  };
  Shard& shard(uintptr_t obj) {
    uintptr_t h = (obj >> 3) * 0x9E3779B97F4A7C15ull;
    return shards_[(h >> 40) % kShards];
  }

 private:
  Shard shards_[kShards];
};

/// The previous access of a race, as found in a cell.
struct Conflict {
  uint64_t cell = 0;
  uintptr_t granule = 0;
};

/// One range access in progress (Engine::Impl::access): its stack, logged
/// once when first needed, the races it found, and its sweep over whole
/// units: the unit group lock it holds, and the last unit's cells before
/// and after the access was recorded there (the memo).
///
/// Units of one block usually hold the same cells, and within one access
/// the same cells give the same outcome (its goroutine's clock does not
/// change meanwhile), so a unit holding `before` takes `after` without
/// its cells being checked again, and is skipped without the lock when the
/// two are equal (the access changes nothing there).
struct RangeAccess {
  RangeAccess(GState* g, uint8_t flags, FrameId pc, FrameId op, StackId stack, bool have_stack)
      : g(g),
        flags(flags & (kWrite | kAtomic)),
        if_tracked((flags & kIfTracked) != 0),
        pc(pc),
        op(op),
        stack(stack),
        have_stack(have_stack) {}

  GState* g;
  uint8_t flags;    ///< kWrite and kAtomic bits
  bool if_tracked;  ///< only memory with history is checked (kIfTracked)
  FrameId pc;
  FrameId op;
  StackId stack;  ///< valid once `logged`, or from the start if `have_stack`
  bool have_stack;
  bool logged = false;
  bool raced = false;
  Conflict conflict;  ///< the first race found
  Conflict scratch;   ///< later ones
  GranuleLock lock;
  bool remembered = false;
  bool changes = false;  ///< after differs from before
  uint64_t before[Granule::kCells];
  uint64_t after[Granule::kCells];

  /// Where the next race found goes.
  Conflict& next_conflict() { return raced ? scratch : conflict; }
  /// Remembers that a unit holding `cells` takes `result`.
  void remember(const uint64_t* cells, const uint64_t* result) {
    changes = false;
    for (int i = 0; i < Granule::kCells; i++) {
      before[i] = cells[i];
      after[i] = result[i];
      changes = changes || cells[i] != result[i];
    }
    remembered = true;
  }
  /// Gives `record`, which holds `cells` (the remembered `before`), the
  /// remembered `after`; `lock` must guard it.
  void take_after(UnitRecord& record, const uint64_t (&cells)[Granule::kCells]) {
    CellRef(record).rewrite(lock, cells, after);
  }
  /// Whether `cells` are the remembered `before`.
  bool holds_before(const uint64_t* cells) const {
    if (!remembered) return false;
    for (int i = 0; i < Granule::kCells; i++)
      if (cells[i] != before[i]) return false;
    return true;
  }
};

struct Engine::Impl {
  Impl(Config c, Hooks h)
      : config(std::move(c)), hooks(std::move(h)), slots(config.slot_quarantine) {}

  Config config;
  Hooks hooks;
  Shadow shadow;
  StackDepot depot;
  SyncMap sync;
  SlotTable slots;

  std::mutex report_mu;
  std::set<std::pair<StackId, StackId>> reported_pairs;  // guarded by report_mu
  bool reports_closed = false;                           // guarded by report_mu
  std::atomic<uint64_t> found{0};
  std::atomic<uint64_t> reported{0};

  /// The clock of sync object `obj` in its shard `s` (whose lock the
  /// caller holds), created empty if it has none: its address is then
  /// marked in the shadow, so that freeing or reusing the memory drops it
  /// (forget_sync).
  VectorClock& sync_clock(SyncMap::Shard& s, uintptr_t obj) {
    bool created = false;
    VectorClock& clock = s.clocks.get(obj, &created);
    if (created) [[unlikely]]
      shadow.mark_sync(obj);
    return clock;
  }
  /// Drops the clocks of the sync objects in [addr, addr+size).
  void forget_sync(uintptr_t addr, size_t size);

  /// Gives `g` its slot at its first event (see GState).
  void attach(GState* g) {
    if (g->attached) [[likely]]
      return;
    SlotTable::Grant grant = slots.acquire(g->info);
    g->clock.set_hot(grant.slot, grant.first_epoch);
    g->release_floor = grant.first_epoch;
    g->attached = true;
  }

  /// Starts g's next epoch.
  void advance(GState* g) {
    uint32_t e = g->epoch() + 1;
    if (e == 0) {
      std::fprintf(stderr, "gorace: goroutine %llu exhausted its clock epochs\n",
                   static_cast<unsigned long long>(g->info->id));
      std::abort();
    }
    g->clock.set_hot_epoch(e);
  }
  /// Starts g's next epoch after a release.
  void tick(GState* g) {
    advance(g);
    g->release_floor = g->epoch();
  }
  /// Makes `stack` the stack of the access g records next (at its current
  /// epoch): when it differs from the last logged one, logs it, first
  /// starting a new epoch if this one already recorded an access (an epoch
  /// has one stack: see StackLog).
  void log_stack(GState* g, StackId stack) {
    if (g->logged_epoch == 0 || stack != g->logged_stack) {
      if (g->recorded_epoch == g->epoch()) advance(g);
      g->info->stacks.append(g->epoch(), stack);
      g->logged_epoch = g->epoch();
      g->logged_stack = stack;
    }
    g->recorded_epoch = g->epoch();
  }

  /// Adds a sync event to g's history (for reports). An access recorded in
  /// this epoch came before the event, which then takes the next epoch: a
  /// report's events up to its access's epoch are exactly those before it
  /// (a mutex's unlock after the racing write is not shown before it).
  void record(GState* g, EventKind kind, const char* what, uintptr_t obj) {
    if (g->recorded_epoch == g->epoch()) advance(g);
    g->info->events.push(kind, what, obj, g->epoch(), g->stack.innermost_call_site());
  }

  /// The stack of an access at `pc` (see Engine::access), plus `op` above
  /// it when not null (see Engine::access_op).
  StackId stack_of(GState* g, FrameId pc, FrameId op) {
    StackId s = g->stack.stack_at(depot, pc);
    return op ? g->stack.intern_above(depot, s, op) : s;
  }
  /// Whether cell word `w` records an access by g since its last release
  /// that covers the bytes of `mask` and is at least as strong as an access
  /// of kind `flags`. Then every later access racing the new one races that
  /// one (no other goroutine knows an epoch of g since), so the new one
  /// changes nothing. Only g writes cells of its slot and recent epochs.
  [[gnu::always_inline]] static bool covers(uint64_t w, const GState* g, uint8_t mask,
                                            uint8_t flags) {
    if (Cell::slot(w) != g->slot() || Cell::epoch(w) < g->release_floor ||
        (mask & ~Cell::mask(w)) != 0 || Cell::empty(w))
      return false;
    return (Cell::is_write(w) || !(flags & kWrite)) && (!Cell::is_atomic(w) || (flags & kAtomic));
  }
  /// Whether an access within one granule is covered (see covers()). A
  /// clean unit holds no cells: skipping the reads there also spares a
  /// fresh shadow page its read fault (zero page) before the write fault.
  [[gnu::always_inline]] bool covered(const GState* g, Granule* gr, uint8_t mask,
                                      uint8_t flags) const {
    switch (Shadow::unit_state(gr).load(std::memory_order_acquire)) {
      case UnitState::kFine: {
        const uint64_t second = gr->cells[1].word.load(std::memory_order_acquire);
        if (covers_from(gr->cells, 1, g, mask, flags)) return true;
        if (Cell::empty(second)) return false;  // cells fill from the first
        if (covers(second, g, mask, flags)) return true;
        return (second & Cell::kSpillBit) != 0 &&
               covers_from(Shadow::far(*gr).cells, Granule::kCells - Granule::kNear, g, mask,
                           flags);
      }
      case UnitState::kUniform:
        return covers_from(Shadow::unit_cells(gr).cells, Granule::kCells, g, mask, flags);
      case UnitState::kRun:
        return covers_from(Shadow::run_cells(gr).cells, Granule::kCells, g, mask, flags);
      case UnitState::kClean:
        break;
    }
    return false;
  }
  /// Whether one of the first `n` of `cells` (filled from the first) covers
  /// an access of g (see covers()).
  [[gnu::always_inline]] static bool covers_from(const Cell* cells, int n, const GState* g,
                                                 uint8_t mask, uint8_t flags) {
    for (int i = 0; i < n; i++) {
      const uint64_t w = cells[i].word.load(std::memory_order_relaxed);
      if (Cell::empty(w)) return false;
      if (covers(w, g, mask, flags)) return true;
    }
    return false;
  }
  /// Records an access of `mask`'s bytes of granule `gr` (at `gaddr`) at
  /// g's current epoch (whose stack is logged); returns whether it races a
  /// recorded access (then `conflict` is one). Two common cases take one CAS
  /// of the first cell and no lock: an empty granule (new memory: only a
  /// reset empties a first cell, so an empty, unlocked one means an empty
  /// granule, nothing to check), and a granule whose cells (one or two) are
  /// earlier accesses of g's that this one supersedes (g's own data,
  /// accessed again after a sync operation). The CAS replaces the first;
  /// a second one stays, superseded (a later access racing it races the
  /// first).
  [[gnu::always_inline]] bool record(GState* g, Granule* gr, uintptr_t gaddr, uint8_t mask,
                                     uint8_t flags, Conflict& conflict) {
    const bool was_clean = shadow.make_fine(gr);
    std::atomic<uint64_t>& first = gr->cells[0].word;
    const uint64_t mine =
        Cell::pack(g->epoch(), g->slot(), mask, (flags & kWrite) != 0, (flags & kAtomic) != 0);
    // A clean unit's granule is read by the CAS alone: a load first would
    // fault a fresh shadow page in twice (the zero page, then its copy).
    uint64_t seen = was_clean ? 0 : first.load(std::memory_order_relaxed);
    if (seen == 0) {
      if (first.compare_exchange_strong(seen, mine, std::memory_order_acq_rel,
                                        std::memory_order_relaxed))
        return false;
    } else if (supersedes_own(seen, g, mask, flags)) {
      // Bit 62 of the second cell is its spill bit: supersedes_own() turns
      // down a spilled granule.
      const uint64_t second = gr->cells[1].word.load(std::memory_order_relaxed);
      if ((Cell::empty(second) || supersedes_own(second, g, mask, flags)) &&
          first.compare_exchange_strong(seen, mine, std::memory_order_acq_rel,
                                        std::memory_order_relaxed))
        return check_added_cells(g, gr, gaddr, mask, flags, second, conflict);
    }
    return record_locked(g, gr, gaddr, mask, flags, conflict);
  }
  /// Whether unlocked cell word `w` is an access of g's own slot that an
  /// access of `mask`'s bytes and kind `flags` by g supersedes: it covers
  /// its bytes and is at least as strong (then record_held() would drop it).
  [[gnu::always_inline]] static bool supersedes_own(uint64_t w, const GState* g, uint8_t mask,
                                                    uint8_t flags) {
    return (w & Cell::kLockBit) == 0 && Cell::slot(w) == g->slot() &&
           (Cell::mask(w) & ~mask) == 0 && ((flags & kWrite) != 0 || !Cell::is_write(w)) &&
           ((flags & kAtomic) == 0 || Cell::is_atomic(w));
  }
  /// After record() replaced g's own first cell without the lock, having
  /// seen `second` (empty, or another cell of g's) in the second: a locked
  /// recorder may have added or replaced cells between that look and the
  /// CAS (it then checked its access against g's old cells, and its unlock,
  /// which the CAS read, published them; any cell it adds changes the
  /// second cell or sets its spill bit, and only g writes g's cells).
  /// Checks g's access against them; returns whether one races it. Under
  /// the lock: a later recorder may be moving them meanwhile (a cell it
  /// drops was ordered before its own access, which it checked against g's).
  bool check_added_cells(const GState* g, Granule* gr, uintptr_t gaddr, uint8_t mask, uint8_t flags,
                         uint64_t second, Conflict& conflict) const {
    if (gr->cells[1].word.load(std::memory_order_relaxed) == second) [[likely]]
      return false;
    GranuleLock lock(*gr);
    return check_cells(g, CellRef(*gr), gaddr, mask, flags, conflict);
  }
  /// Checks an access by g of `mask`'s bytes and kind `flags` against cells
  /// `cells` without recording it; returns whether one races it (g's own
  /// cells never do).
  bool check_cells(const GState* g, CellRef cells, uintptr_t gaddr, uint8_t mask, uint8_t flags,
                   Conflict& conflict) const;
  /// Whether cell word `w` (not empty) races an access by g of `mask`'s
  /// bytes and kind `flags`: they share a byte, g has not seen the cell's
  /// epoch, one of them writes and they are not both atomic.
  [[gnu::always_inline]] static bool races(uint64_t w, const GState* g, uint8_t mask,
                                           uint8_t flags) {
    if ((Cell::mask(w) & mask) == 0 || Cell::slot(w) == g->slot() ||
        g->clock.get(Cell::slot(w)) >= Cell::epoch(w))
      return false;
    return conflicts(w, flags);
  }
  /// Whether cell word `w` and an access of kind `flags` conflict if
  /// unordered: one of them writes and they are not both atomic.
  [[gnu::always_inline]] static bool conflicts(uint64_t w, uint8_t flags) {
    return (Cell::is_write(w) || (flags & kWrite) != 0) &&
           !(Cell::is_atomic(w) && (flags & kAtomic) != 0);
  }
  /// record() for a granule of a fine unit that may hold cells: checks them
  /// and stores the access under the granule's lock.
  bool record_locked(GState* g, Granule* gr, uintptr_t gaddr, uint8_t mask, uint8_t flags,
                     Conflict& conflict);
  /// Checks `cells` (whose lock is `lock`) against an access of `mask`'s
  /// bytes and stores it: record_locked() once locked.
  bool record_held(GranuleLock& lock, GState* g, CellRef cells, uintptr_t gaddr, uint8_t mask,
                   uint8_t flags, Conflict& conflict);
  /// Logs the stack of range access `a` if it is not logged yet.
  void log_once(RangeAccess& a) {
    if (a.logged) return;
    if (!a.have_stack) a.stack = stack_of(a.g, a.pc, a.op);
    log_stack(a.g, a.stack);
    a.logged = true;
  }
  /// Range access `a` over every byte of `units` consecutive units of one
  /// chunk, the first of which starts at granule `first` (at `gaddr`): each
  /// clean or uniform unit, and each run it covers whole, is checked and
  /// recorded once, in its shared cells (a run it covers in part is made
  /// uniform units first); sets a.raced as record() would. Returns how many
  /// units it did: it stops at a fine unit.
  size_t access_units(RangeAccess& a, Granule* first, uintptr_t gaddr, size_t units);
  /// access_units() for the unit at `first` when the memo does not decide
  /// it: a clean or uniform unit, or with `whole_run` (the access covers
  /// the kRunUnits units from `first`, which starts a run's word), the run
  /// there (a unit of a run covered in part is made uniform first). Returns
  /// how many units it did: 0 (nothing) when the unit is fine, else 1 or
  /// kRunUnits.
  size_t access_unit(RangeAccess& a, Granule* first, uintptr_t gaddr, bool whole_run);
  /// access_unit() once the access must be recorded: under the unit's lock
  /// (which a.lock holds on return).
  size_t record_unit(RangeAccess& a, Granule* first, uintptr_t gaddr, bool whole_run);
  /// Checks and records an access within the granule of `addr` (addr % 8 +
  /// size <= 8), the common case: returns at once when g already covered it
  /// since its last release, else records it (stack from pc/op).
  [[gnu::always_inline]] inline void access_in_granule(GState* g, uintptr_t addr, size_t size,
                                                       uint8_t flags, FrameId pc, FrameId op);
  /// Checks and records an access at `pc`, or of runtime operation `op`
  /// (one of them null): access_in_granule() when it can, else access().
  [[gnu::always_inline]] inline void access_at_pc(GState* g, uintptr_t addr, size_t size,
                                                  uint8_t flags, FrameId pc, FrameId op);
  /// Checks and records an access of [addr, addr+size) (engine_memory.cpp);
  /// `stack` is its stack if `have_stack`, else computed from pc/op when
  /// first needed. A race is reported for the whole access, or with
  /// `element` non-zero, for the `element`-byte part of it that races.
  void access(GState* g, uintptr_t addr, size_t size, uint8_t flags, FrameId pc, FrameId op,
              StackId stack, bool have_stack, size_t element = 0);
  /// Builds and delivers the report of a race found by `g`'s access
  /// (engine_report.cpp): deduplicated, filtered by the suppressions.
  void report(GState* g, uintptr_t addr, size_t size, uint8_t flags, StackId stack,
              const Conflict& c);
  /// A GInfo id as a report's goroutine id and thread number (see
  /// Engine::thread_id).
  static void split_id(uint64_t id, uint64_t& goroutine, uint64_t& thread);
  /// The creation chain of `g`, innermost first.
  void build_chain(GInfo* g, std::vector<report::Goroutine>& out);
  report::Stack expand(StackId stack);
  /// g's recorded sync events up to `max_epoch`.
  std::vector<report::SyncEvent> events(GInfo* g, uint32_t max_epoch);
};

}  // namespace gorace::analyzer
