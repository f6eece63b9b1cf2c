// Engine: glues clocks, shadow, stacks and sync objects together and builds
// race reports. See engine.hpp for the contract.
#include "gorace/analyzer/engine.hpp"

#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <set>
#include <utility>

#include "clock_table.hpp"
#include "goroutine.hpp"
#include "shadow.hpp"
#include "slot_table.hpp"
#include "spin_lock.hpp"
#include "stack_depot.hpp"
#include "vector_clock.hpp"

namespace gorace::analyzer {
namespace {

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

}  // namespace

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
  std::atomic<uint64_t> found{0};
  std::atomic<uint64_t> reported{0};

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

  void record(GState* g, EventKind kind, const char* what, uintptr_t obj) {
    g->info->events.push(kind, what, obj, g->epoch(), g->stack.innermost_call_site());
  }

  /// Checks and records one access within the granule at `gaddr`.
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
  /// clean shadow page holds none of g's cells (a cell's page is marked
  /// dirty before the cell is written): skipping the reads there also
  /// spares a fresh page its read fault (zero page) before the write fault.
  [[gnu::always_inline]] bool covered(const GState* g, Granule* gr, uint8_t mask,
                                      uint8_t flags) const {
    if (!shadow.maybe_dirty(gr)) return false;
    for (const Cell& c : gr->cells)
      if (covers(c.word.load(std::memory_order_relaxed), g, mask, flags)) return true;
    return false;
  }
  /// Records an access of `mask`'s bytes of granule `gr` (at `gaddr`) at
  /// g's current epoch (whose stack is logged), under the granule's lock;
  /// returns whether it races a recorded access (then `conflict` is one).
  bool record(GState* g, Granule* gr, uintptr_t gaddr, uint8_t mask, uint8_t flags,
              Conflict& conflict);
  void access(GState* g, uintptr_t addr, size_t size, uint8_t flags, FrameId pc, FrameId op,
              StackId stack, bool have_stack);
  void report(GState* g, uintptr_t addr, size_t size, uint8_t flags, StackId stack,
              const Conflict& c);
  void build_chain(GInfo* g, std::vector<report::Goroutine>& out);
  report::Stack expand(StackId stack);
  std::vector<report::SyncEvent> events(GInfo* g, uint32_t max_epoch);
};

Engine::Engine(Config config, Hooks hooks)
    : impl_(std::make_unique<Impl>(std::move(config), std::move(hooks))) {}
Engine::~Engine() = default;

// --- goroutines ------------------------------------------------------------

GState* Engine::create_goroutine(GState* parent, uint64_t id, StackId created_at, bool is_main) {
  GInfo* parent_info = parent ? parent->info : nullptr;
  if (parent_info) parent_info->ref();
  auto* info = new GInfo(id, is_main, created_at, parent_info, impl_->config.history_events,
                         impl_->config.stack_history);
  auto* g = new GState(info, impl_->config.shadow_stack_depth);
  if (parent != nullptr) {
    impl_->attach(parent);
    // With its aux entry free, the child shares the parent's vector: its aux
    // entry takes the parent's hot one when it attaches.
    parent->clock.fold_aux();
    g->clock.assign(parent->clock);
    impl_->record(parent, EventKind::kGo, "go", 0);
    impl_->tick(parent);
  }
  return g;
}

void Engine::finish_goroutine(GState* g) {
  g->info->finished.store(true, std::memory_order_release);
  if (g->attached) impl_->slots.release(g->slot(), g->epoch());
  GInfo::unref(g->info);
  delete g;
}

uint64_t Engine::goroutine_id(const GState* g) {
  return g->info->id;
}

// --- synchronisation ---------------------------------------------------------

void Engine::acquire(GState* g, uintptr_t obj, const char* what) {
  if (g->ignore > 0) return;
  impl_->attach(g);
  SyncMap::Shard& s = impl_->sync.shard(obj);
  {
    std::lock_guard<SpinLock> guard(s.lock);
    if (VectorClock* c = s.clocks.find(obj)) g->clock.join(*c);
  }
  impl_->record(g, EventKind::kAcquire, what, obj);
}

void Engine::release(GState* g, uintptr_t obj, const char* what) {
  if (g->ignore > 0) return;
  impl_->attach(g);
  SyncMap::Shard& s = impl_->sync.shard(obj);
  {
    std::lock_guard<SpinLock> guard(s.lock);
    s.clocks.get(obj).assign(g->clock);
  }
  impl_->record(g, EventKind::kRelease, what, obj);
  impl_->tick(g);
}

void Engine::release_merge(GState* g, uintptr_t obj, const char* what) {
  if (g->ignore > 0) return;
  impl_->attach(g);
  SyncMap::Shard& s = impl_->sync.shard(obj);
  {
    std::lock_guard<SpinLock> guard(s.lock);
    s.clocks.get(obj).join(g->clock);
  }
  impl_->record(g, EventKind::kReleaseMerge, what, obj);
  impl_->tick(g);
}

void Engine::release_acquire(GState* g, uintptr_t obj, const char* what) {
  if (g->ignore > 0) return;
  impl_->attach(g);
  SyncMap::Shard& s = impl_->sync.shard(obj);
  {
    std::lock_guard<SpinLock> guard(s.lock);
    VectorClock& clock = s.clocks.get(obj);
    VectorClock old = std::move(clock);
    clock.assign(g->clock);
    g->clock.join(old);
  }
  impl_->record(g, EventKind::kReleaseAcquire, what, obj);
  impl_->tick(g);
}

void Engine::exchange(GState* a, GState* b, uintptr_t obj) {
  if (a->ignore > 0 || b->ignore > 0) {  // each side's ignore applies to its own steps
    release(a, obj);
    acquire(b, obj);
    release(b, obj);
    acquire(a, obj);
    return;
  }
  impl_->attach(a);
  impl_->attach(b);
  b->clock.join(a->clock);  // b acquires a's release
  impl_->record(a, EventKind::kRelease, "release", obj);
  impl_->tick(a);
  impl_->record(b, EventKind::kAcquire, "acquire", obj);
  impl_->record(b, EventKind::kRelease, "release", obj);
  a->clock.join(b->clock);  // a acquires b's release
  impl_->tick(b);
  impl_->record(a, EventKind::kAcquire, "acquire", obj);
}

void Engine::sync_reset(uintptr_t obj) {
  SyncMap::Shard& s = impl_->sync.shard(obj);
  VectorClock dropped;
  {
    std::lock_guard<SpinLock> guard(s.lock);
    if (!s.clocks.take(obj, dropped)) return;
  }
}

uint8_t Engine::atomic_op(GState* g, uintptr_t obj, uint8_t (*op)(void* arg), void* arg,
                          const char* what) {
  if (g->ignore > 0) return op(arg);
  impl_->attach(g);
  SyncMap::Shard& s = impl_->sync.shard(obj);
  uint8_t sync;
  {
    std::lock_guard<SpinLock> guard(s.lock);
    sync = op(arg);
    if (sync & kSyncAcquire) {
      if (VectorClock* c = s.clocks.find(obj)) g->clock.join(*c);
    }
    if (sync & kSyncRelease) s.clocks.get(obj).join(g->clock);
  }
  if (sync & kSyncAcquire) impl_->record(g, EventKind::kAcquire, what, obj);
  if (sync & kSyncRelease) {
    impl_->record(g, EventKind::kReleaseMerge, what, obj);
    impl_->tick(g);
  }
  return sync;
}

// --- memory -------------------------------------------------------------------

bool Engine::Impl::record(GState* g, Granule* gr, uintptr_t gaddr, uint8_t mask, uint8_t flags,
                          Conflict& conflict) {
  const uint32_t slot = g->slot();
  const uint32_t epoch = g->epoch();
  const bool is_write = (flags & kWrite) != 0;
  const bool is_atomic = (flags & kAtomic) != 0;
  bool raced = false;
  // Sweeps (a block filled, read or freed) go up through memory: fetch the
  // shadow two lines ahead, so its miss overlaps this one.
  __builtin_prefetch(reinterpret_cast<const char*>(gr) + 128, 1);
  GranuleLock lock(*gr);
  int replace = -1;
  int empty = -1;
  int read = -1;
  int merge = -1;
  for (int i = 0; i < Granule::kCells; i++) {
    uint64_t w = gr->cells[i].word.load(std::memory_order_relaxed);
    if (Cell::empty(w)) {
      if (empty < 0) empty = i;
      continue;
    }
    if (!Cell::is_write(w)) read = i;
    uint8_t m = Cell::mask(w);
    // An access of this epoch (so with this stack) and kind absorbs ours.
    if ((w & ~Cell::kLockBit & ~(uint64_t{0xFF} << Cell::kMaskShift)) ==
        Cell::pack(epoch, slot, 0, is_write, is_atomic))
      merge = i;
    if ((m & mask) == 0) continue;
    uint32_t cell_slot = Cell::slot(w);
    bool ordered = cell_slot == slot || g->clock.get(cell_slot) >= Cell::epoch(w);
    if (!ordered) {
      bool conflicting = (Cell::is_write(w) || is_write) && !(Cell::is_atomic(w) && is_atomic);
      if (conflicting && !raced) {
        raced = true;
        conflict = Conflict{w & ~Cell::kLockBit, gaddr};
      }
      continue;
    }
    // An earlier access ordered before this one is superseded when this one
    // covers its bytes and is at least as strong.
    if ((m & ~mask) == 0 && (is_write || !Cell::is_write(w)) && (!is_atomic || Cell::is_atomic(w)))
      replace = i;
  }
  // Else an empty cell; else evict, keeping a write over a read (a write
  // finds later races with both reads and writes).
  if (merge >= 0) {
    replace = merge;
    mask |= Cell::mask(gr->cells[merge].word.load(std::memory_order_relaxed));
  } else if (replace < 0) {
    replace = empty >= 0 ? empty : read >= 0 ? read : static_cast<int>(epoch & 1);
  }
  shadow.mark_dirty(gr);
  lock.store(gr->cells[replace], Cell::pack(epoch, slot, mask, is_write, is_atomic));
  return raced;
}

void Engine::access(GState* g, uintptr_t addr, size_t size, uint8_t flags, FrameId pc) {
  if (g->ignore > 0 || size == 0) return;
  impl_->attach(g);
  // Fast path for the common case: an access within one granule that g
  // already covered since its last release.
  const unsigned offset = addr & 7;
  if (offset + size <= 8) {
    Granule* gr = impl_->shadow.find(addr);
    auto mask = static_cast<uint8_t>(((1u << size) - 1) << offset);
    if (gr != nullptr && impl_->covered(g, gr, mask, flags)) return;
  }
  impl_->access(g, addr, size, flags, pc, nullptr, 0, false);
}

void Engine::access_op(GState* g, uintptr_t addr, size_t size, uint8_t flags, FrameId op) {
  if (g->ignore > 0 || size == 0) return;
  impl_->attach(g);
  impl_->access(g, addr, size, flags, nullptr, op, 0, false);
}

void Engine::access_at(GState* g, uintptr_t addr, size_t size, uint8_t flags, StackId stack) {
  if (g->ignore > 0 || size == 0) return;
  impl_->attach(g);
  impl_->access(g, addr, size, flags, nullptr, nullptr, stack, true);
}

void Engine::Impl::access(GState* g, uintptr_t addr, size_t size, uint8_t flags, FrameId pc,
                          FrameId op, StackId stack, bool have_stack) {
  const uintptr_t end = addr + size < addr ? ~uintptr_t{0} : addr + size;
  const bool if_tracked = (flags & kIfTracked) != 0;
  flags &= kWrite | kAtomic;
  bool raced = false;
  Conflict conflict;
  // Granule by granule, one shadow lookup per chunk (its granules are
  // contiguous).
  for (uintptr_t base = addr & ~uintptr_t{7}; base < end;) {
    const uintptr_t run_end = Shadow::chunk_end(base) < end ? Shadow::chunk_end(base) : end;
    Granule* gr = if_tracked ? shadow.find(base) : shadow.granule(base);
    if (gr == nullptr) {  // untracked address, or (if_tracked) no history
      base = run_end;
      continue;
    }
    for (; base < run_end; base += 8, gr++) {
      const unsigned lo = base < addr ? static_cast<unsigned>(addr - base) : 0;
      const unsigned hi = end - base < 8 ? static_cast<unsigned>(end - base) : 8;
      const auto mask = static_cast<uint8_t>(((1u << hi) - 1) & ~((1u << lo) - 1));
      if (if_tracked && !shadow.has_history(gr)) continue;
      if (covered(g, gr, mask, flags)) continue;
      if (!have_stack) {
        stack = stack_of(g, pc, op);
        have_stack = true;
      }
      log_stack(g, stack);
      Conflict c;
      if (record(g, gr, base, mask, flags, c) && !raced) {
        raced = true;
        conflict = c;
      }
    }
  }
  if (raced) report(g, addr, size, flags, stack, conflict);  // raced: stack was interned
}

void Engine::range_reset(uintptr_t addr, size_t size) {
  impl_->shadow.reset(addr, size);
}

void Engine::ignore_begin(GState* g) {
  g->ignore++;
}
void Engine::ignore_end(GState* g) {
  if (g->ignore > 0) g->ignore--;
}

// --- stacks -------------------------------------------------------------------

FrameId* Engine::func_enter(GState* g) {
  return g->stack.enter();
}
void Engine::func_exit(GState* g) {
  g->stack.exit();
}
StackId Engine::stack_at(GState* g, FrameId pc) {
  return g->stack.stack_at(impl_->depot, pc);
}
StackId Engine::intern(StackId parent, FrameId frame) {
  return impl_->depot.intern(parent, frame);
}
std::vector<FrameId> Engine::frames(StackId stack) const {
  return impl_->depot.frames(stack);
}

// --- reports ------------------------------------------------------------------

uint64_t Engine::reported() const {
  return impl_->reported.load(std::memory_order_relaxed);
}
uint64_t Engine::found() const {
  return impl_->found.load(std::memory_order_relaxed);
}

report::Stack Engine::expand(StackId stack) const {
  return impl_->expand(stack);
}

report::Stack Engine::Impl::expand(StackId stack) {
  report::Stack out;
  for (FrameId f : depot.frames(stack)) hooks.expand_frame(f, out);
  return out;
}

void Engine::Impl::build_chain(GInfo* g, std::vector<report::Goroutine>& out) {
  for (; g != nullptr; g = g->parent) {
    report::Goroutine r;
    r.id = g->id;
    r.is_main = g->is_main;
    r.running = !g->finished.load(std::memory_order_acquire);
    r.created_at = expand(g->created_at);
    out.push_back(std::move(r));
  }
}

std::vector<report::SyncEvent> Engine::Impl::events(GInfo* g, uint32_t max_epoch) {
  std::vector<report::SyncEvent> out;
  for (const EventRing::Event& e : g->events.snapshot(max_epoch)) {
    report::SyncEvent s;
    s.kind = event_kind_name(e.kind);
    s.what = e.what ? e.what : "";
    s.object = e.object;
    s.epoch = e.epoch;
    if (e.where != nullptr) {
      report::Stack frames;
      hooks.expand_frame(e.where, frames);
      if (!frames.empty()) s.where = frames.front();
    }
    out.push_back(std::move(s));
  }
  return out;
}

void Engine::Impl::report(GState* g, uintptr_t addr, size_t size, uint8_t flags, StackId stack,
                          const Conflict& c) {
  found.fetch_add(1, std::memory_order_relaxed);
  const uint32_t prev_epoch = Cell::epoch(c.cell);
  GInfo* prev = slots.owner_at(Cell::slot(c.cell), prev_epoch);
  StackId prev_stack = 0;
  if (prev != nullptr) prev->stacks.find(prev_epoch, prev_stack);
  std::lock_guard<std::mutex> guard(report_mu);
  if (config.suppress_equal_stacks) {
    auto key =
        stack < prev_stack ? std::make_pair(stack, prev_stack) : std::make_pair(prev_stack, stack);
    if (!reported_pairs.insert(key).second) {
      GInfo::unref(prev);
      return;
    }
  }
  report::Race race;
  race.current.goroutine = g->info->id;
  flags &= kWrite | kAtomic;
  race.current.is_write = (flags & kWrite) != 0;
  race.current.is_atomic = (flags & kAtomic) != 0;
  race.current.size = static_cast<uint32_t>(size);
  race.current.address = addr;
  race.current.stack = expand(stack);

  const uint8_t prev_mask = Cell::mask(c.cell);
  race.previous.is_write = Cell::is_write(c.cell);
  race.previous.is_atomic = Cell::is_atomic(c.cell);
  race.previous.size = static_cast<uint32_t>(__builtin_popcount(prev_mask));
  race.previous.address = c.granule + static_cast<uintptr_t>(__builtin_ctz(prev_mask));
  race.previous.stack = expand(prev_stack);
  if (!config.suppressions.size() ||
      !config.suppressions.matches(race.current.stack, race.previous.stack)) {
    race.previous.goroutine = prev ? prev->id : 0;
    build_chain(g->info, race.current_chain);
    if (prev) build_chain(prev, race.previous_chain);
    race.current_events = events(g->info, g->epoch());
    if (prev) race.previous_events = events(prev, prev_epoch);
    if (hooks.locate) hooks.locate(addr, race.location);
    reported.fetch_add(1, std::memory_order_relaxed);
    hooks.on_race(race);
  }
  GInfo::unref(prev);
}

}  // namespace gorace::analyzer
