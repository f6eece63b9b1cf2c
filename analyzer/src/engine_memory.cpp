// Engine: memory accesses against the shadow (check, record, report).
#include <algorithm>

#include "engine_impl.hpp"

namespace gorace::analyzer {

bool Engine::Impl::record_locked(GState* g, Granule* gr, uintptr_t gaddr, uint8_t mask,
                                 uint8_t flags, Conflict& conflict) {
  // Sweeps (a block filled, read or freed) go up through memory: fetch the
  // shadow two lines ahead, so its miss overlaps this one.
  prefetch_for_write(reinterpret_cast<const char*>(gr) + 128);
  GranuleLock lock(*gr);
  return record_held(lock, g, CellRef(*gr), gaddr, mask, flags, conflict);
}

size_t Engine::Impl::access_units(RangeAccess& a, Granule* first, uintptr_t gaddr, size_t units) {
  const std::atomic<UnitState>* states = &Shadow::unit_state(first);
  UnitRecord* records = &Shadow::unit_cells(first);
  for (size_t k = 0; k < units;) {
    // Group by group (records of a group are contiguous, the first aligned
    // to the group): a group's lock is not kept past it, as others may need
    // it meanwhile. A sweep that changes cells takes it at once.
    a.lock.unlock();
    constexpr uintptr_t kGroupRecords = Shadow::kGroupUnits * sizeof(UnitRecord);
    const uintptr_t offset = reinterpret_cast<uintptr_t>(&records[k]) & (kGroupRecords - 1);
    const size_t group_end = std::min(units, k + (kGroupRecords - offset) / sizeof(UnitRecord));
    UnitRecord& group_lock = Shadow::unit_lock(first + k * Shadow::kUnitGranules);
    if (a.remembered && a.changes) a.lock.lock(group_lock);
    while (k < group_end) {
      UnitState state = states[k].load(std::memory_order_acquire);
      if (state == UnitState::kFine) return k;
      Granule* unit = first + k * Shadow::kUnitGranules;
      const bool whole_run = Shadow::starts_run(unit) && k + Shadow::kRunUnits <= group_end;
      const bool claim = state == UnitState::kClean && whole_run && !a.if_tracked;
      if (claim || (state == UnitState::kRun && !whole_run)) {
        // Under the group's lock, which pins runs: clean units covered
        // whole are claimed as one run, a run covered in part becomes
        // uniform units.
        a.lock.move_to(group_lock);
        if (claim) {
          shadow.claim_clean_run(unit);
        } else {
          Shadow::unrun(unit);
        }
        state = states[k].load(std::memory_order_acquire);
        if (state == UnitState::kFine) return k;
      }
      const size_t span = state == UnitState::kRun ? Shadow::kRunUnits : 1;
      UnitRecord& record = records[k];
      prefetch_for_write(&record + 4);  // two lines ahead of the sweep
      // The memo decides a unit or run holding its `before` cells (a clean
      // unit's record is empty): unchanged (no lock), or given `after` under
      // the group's lock if a.lock holds it (taken before the state was
      // read, it pins a uniform unit's or a run's state, and a clean unit
      // is claimed).
      if (a.remembered) {
        const bool uniform = state != UnitState::kClean;
        uint64_t cells[Granule::kCells] = {};
        if (uniform) CellRef(record).load(cells);
        const bool same = a.holds_before(cells);
        if (same &&
            (!a.changes || (a.lock.holds(group_lock) && (uniform || shadow.claim_uniform(unit))))) {
          if (a.changes) a.take_after(record, cells);
          k += span;
          continue;
        }
      }
      const size_t done = access_unit(a, unit, gaddr + k * Shadow::kUnitBytes, whole_run);
      if (done == 0) return k;
      k += done;
    }
  }
  return units;
}

size_t Engine::Impl::access_unit(RangeAccess& a, Granule* first, uintptr_t gaddr, bool whole_run) {
  const UnitState state = Shadow::unit_state(first).load(std::memory_order_acquire);
  if (state == UnitState::kFine) return 0;
  const size_t span = state == UnitState::kRun && whole_run ? Shadow::kRunUnits : 1;
  if (state == UnitState::kUniform || span > 1) {
    uint64_t cells[Granule::kCells];
    CellRef(Shadow::unit_cells(first)).load(cells);
    if (a.holds_before(cells)) {
      if (!a.changes) return span;
    } else {
      if (a.if_tracked && Cell::empty(cells[0])) return span;  // no history
      for (uint64_t w : cells) {
        if (Cell::empty(w)) break;  // cells fill from the first
        if (covers(w, a.g, 0xFF, a.flags)) {
          a.remember(cells, cells);
          return span;
        }
      }
    }
  } else if (a.if_tracked && state == UnitState::kClean) {
    return 1;  // no history
  }
  log_once(a);
  return record_unit(a, first, gaddr, whole_run);
}

size_t Engine::Impl::record_unit(RangeAccess& a, Granule* first, uintptr_t gaddr, bool whole_run) {
  UnitRecord& shared = Shadow::unit_cells(first);
  a.lock.move_to(Shadow::unit_lock(first));
  // The lock pins a run or a uniform unit: a run covered whole is recorded
  // in its record, one covered in part is made uniform units first.
  size_t span = Shadow::kRunUnits;
  if (!whole_run || Shadow::unit_state(first).load(std::memory_order_acquire) != UnitState::kRun) {
    span = 1;
    Shadow::unrun(first);
    if (!shadow.claim_uniform(first)) return 0;
  }
  uint64_t cells[Granule::kCells];
  CellRef(shared).load(cells);
  if (a.holds_before(cells)) {  // a race there is already reported
    a.take_after(shared, cells);
    return span;
  }
  if (record_held(a.lock, a.g, CellRef(shared), gaddr, 0xFF, a.flags, a.next_conflict()))
    a.raced = true;
  uint64_t result[Granule::kCells];
  CellRef(shared).load(result);
  a.remember(cells, result);
  return span;
}

bool Engine::Impl::record_held(GranuleLock& lock, GState* g, CellRef cells, uintptr_t gaddr,
                               uint8_t mask, uint8_t flags, Conflict& conflict) {
  const uint32_t slot = g->slot();
  const uint32_t epoch = g->epoch();
  const bool is_write = (flags & kWrite) != 0;
  const bool is_atomic = (flags & kAtomic) != 0;
  const uint64_t same_kind = Cell::pack(epoch, slot, 0, is_write, is_atomic);
  uint64_t old[Granule::kCells];
  cells.load(old);
  // One pass: the first unordered conflicting cell is the race; a cell of
  // this epoch and kind (so with this stack) gives us its bytes; a cell
  // ordered before us whose bytes we cover and that is no stronger is
  // superseded (a later access racing it races us too). Only the others
  // are kept, so a goroutine's accesses to its own data keep one or two
  // cells, not one per epoch.
  uint64_t now[Granule::kCells] = {};
  int kept = 0;
  int read = -1;  // a kept read, evicted first when all cells are kept
  bool raced = false;
  uint8_t bytes = mask;
  for (int i = 0; i < Granule::kCells; i++) {
    const uint64_t w = old[i];
    if (Cell::empty(w)) break;  // cells fill from the first
    if (Cell::without_mask(w) == same_kind) {
      bytes |= Cell::mask(w);
      continue;
    }
    if ((Cell::mask(w) & mask) != 0) {
      const bool ordered = Cell::slot(w) == slot || g->clock.get(Cell::slot(w)) >= Cell::epoch(w);
      if (!ordered) {
        if (!raced && conflicts(w, flags)) {
          raced = true;
          conflict = Conflict{w, gaddr};
        }
      } else if ((Cell::mask(w) & ~mask) == 0 && (is_write || !Cell::is_write(w)) &&
                 (!is_atomic || Cell::is_atomic(w))) {
        continue;
      }
    }
    if (!Cell::is_write(w)) read = kept;
    now[kept++] = w;
  }
  // All four kept: evict a read before a write (a write finds later races
  // with both reads and writes), else a cell picked by epoch and address.
  const int at = kept < Granule::kCells ? kept
                 : read >= 0            ? read
                             : static_cast<int>((epoch ^ (gaddr >> 3)) & (Granule::kCells - 1));
  now[at] = Cell::pack(epoch, slot, bytes, is_write, is_atomic);
  cells.rewrite(lock, old, now);
  return raced;
}

bool Engine::Impl::check_cells(const GState* g, CellRef cells, uintptr_t gaddr, uint8_t mask,
                               uint8_t flags, Conflict& conflict) const {
  uint64_t words[Granule::kCells];
  cells.load(words);
  for (int i = 0; i < Granule::kCells; i++) {
    const uint64_t w = words[i];
    if (Cell::empty(w)) break;  // cells fill from the first
    if (races(w, g, mask, flags)) {
      conflict = Conflict{w, gaddr};
      return true;
    }
  }
  return false;
}

inline void Engine::Impl::access_in_granule(GState* g, uintptr_t addr, size_t size, uint8_t flags,
                                            FrameId pc, FrameId op) {
  Granule* gr = shadow.granule(addr);
  if (gr == nullptr) return;  // untracked address
  auto mask = static_cast<uint8_t>(((1u << size) - 1) << (addr & 7));
  if (covered(g, gr, mask, flags)) return;
  StackId stack = stack_of(g, pc, op);
  log_stack(g, stack);
  Conflict conflict;
  if (record(g, gr, addr & ~uintptr_t{7}, mask, flags, conflict))
    report(g, addr, size, flags, stack, conflict);
}

// An access at `pc` (or of runtime operation `op`): the single-granule path
// for the common case, else the granule walk.
inline void Engine::Impl::access_at_pc(GState* g, uintptr_t addr, size_t size, uint8_t flags,
                                       FrameId pc, FrameId op) {
  if ((addr & 7) + size <= 8 && (flags & kIfTracked) == 0) {
    access_in_granule(g, addr, size, flags, pc, op);
  } else {
    access(g, addr, size, flags, pc, op, 0, false);
  }
}

void Engine::access(GState* g, uintptr_t addr, size_t size, uint8_t flags, FrameId pc) {
  if (g->ignore > 0 || size == 0) return;
  impl_->attach(g);
  impl_->access_at_pc(g, addr, size, flags, pc, nullptr);
}

void Engine::access_op(GState* g, uintptr_t addr, size_t size, uint8_t flags, FrameId op) {
  if (g->ignore > 0 || size == 0) return;
  impl_->attach(g);
  impl_->access_at_pc(g, addr, size, flags, nullptr, op);
}

void Engine::access_elements(GState* g, uintptr_t addr, size_t size, size_t element, uint8_t flags,
                             FrameId pc) {
  if (g->ignore > 0 || size == 0) return;
  impl_->attach(g);
  impl_->access(g, addr, size, flags, pc, nullptr, 0, false, element);
}

void Engine::access_at(GState* g, uintptr_t addr, size_t size, uint8_t flags, StackId stack) {
  if (g->ignore > 0 || size == 0) return;
  impl_->attach(g);
  impl_->access(g, addr, size, flags, nullptr, nullptr, stack, true);
}

namespace {
// The `element`-byte part of [addr, addr+size) holding the first byte of
// granule `gaddr` that both the range and the cell's bytes `cell_mask` cover.
uintptr_t racing_element(uintptr_t addr, size_t size, size_t element, uintptr_t gaddr,
                         uint8_t cell_mask) {
  uintptr_t byte = gaddr;
  for (unsigned i = 0; i < 8; i++) {
    const uintptr_t b = gaddr + i;
    if (((cell_mask >> i) & 1) != 0 && b >= addr && b - addr < size) {
      byte = b;
      break;
    }
  }
  if (byte < addr) byte = addr;
  return addr + (byte - addr) / element * element;
}
}  // namespace

void Engine::Impl::access(GState* g, uintptr_t addr, size_t size, uint8_t flags, FrameId pc,
                          FrameId op, StackId stack, bool have_stack, size_t element) {
  const uintptr_t end = addr + size < addr ? ~uintptr_t{0} : addr + size;
  RangeAccess a(g, flags, pc, op, stack, have_stack);
  // Granule by granule, one shadow lookup per chunk (its granules are
  // contiguous), and a whole unit at once while its granules share cells.
  for (uintptr_t base = addr & ~uintptr_t{7}; base < end;) {
    a.lock.unlock();  // granule() may map a chunk: a system call
    const uintptr_t run_end = Shadow::chunk_end(base) < end ? Shadow::chunk_end(base) : end;
    Granule* gr = a.if_tracked ? shadow.find(base) : shadow.granule(base);
    if (gr == nullptr) {  // untracked address, or (if_tracked) no history
      base = run_end;
      continue;
    }
    while (base < run_end) {
      if ((base & (Shadow::kUnitBytes - 1)) == 0 && base >= addr &&
          run_end - base >= Shadow::kUnitBytes) {
        const size_t units = (run_end - base) / Shadow::kUnitBytes;
        const size_t done = access_units(a, gr, base, units);
        base += done * Shadow::kUnitBytes;
        gr += done * Shadow::kUnitGranules;
        if (done == units) continue;
      }
      a.lock.unlock();  // record() may split this unit, under its lock
      const unsigned lo = base < addr ? static_cast<unsigned>(addr - base) : 0;
      const unsigned hi = end - base < 8 ? static_cast<unsigned>(end - base) : 8;
      const auto mask = static_cast<uint8_t>(((1u << hi) - 1) & ~((1u << lo) - 1));
      prefetch_for_write(gr + 8);  // two lines ahead of the sweep
      if (!(a.if_tracked && !Shadow::has_history(gr)) && !covered(g, gr, mask, a.flags)) {
        log_once(a);
        if (record(g, gr, base, mask, a.flags, a.next_conflict())) a.raced = true;
      }
      base += 8;
      gr++;
    }
  }
  a.lock.unlock();
  if (!a.raced) return;
  if (element != 0) {  // raced: stack was interned
    addr = racing_element(addr, size, element, a.conflict.granule, Cell::mask(a.conflict.cell));
    size = element;
  }
  report(g, addr, size, a.flags, a.stack, a.conflict);
}

StackId Engine::faulting_access_stack(GState* g, uintptr_t addr) {
  Granule* gr = impl_->shadow.find(addr);
  if (gr == nullptr || g->logged_epoch == 0) return 0;
  // g's cell for this byte from its current epoch: its stack is the last
  // one logged.
  const auto mask = static_cast<uint8_t>(1u << (addr & 7));
  return impl_->covered(g, gr, mask, kRead) ? g->logged_stack : 0;
}

void Engine::range_reset(uintptr_t addr, size_t size) {
  impl_->shadow.reset(addr, size);
  impl_->forget_sync(addr, size);
}

void Engine::range_release(uintptr_t addr, size_t size) {
  impl_->forget_sync(addr, size);
  impl_->shadow.release(addr, size);
}

}  // namespace gorace::analyzer
