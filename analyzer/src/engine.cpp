// Engine: goroutines, synchronisation and shadow call stacks. Accesses are
// in engine_memory.cpp, reports in engine_report.cpp; engine_impl.hpp holds
// the state they share. See engine.hpp for the contract.
#include <vector>

#include "block_pool.hpp"
#include "engine_impl.hpp"

namespace gorace::analyzer {

Engine::Engine(Config config, Hooks hooks)
    : impl_(std::make_unique<Impl>(std::move(config), std::move(hooks))) {}
Engine::~Engine() = default;

// --- goroutines ------------------------------------------------------------

GState* Engine::create_goroutine(GState* parent, uint64_t id, StackId created_at, bool is_main) {
  return start(spawn(parent, created_at), id, is_main);
}

Spawn* Engine::spawn(GState* parent, StackId created_at) {
  auto* s = new Spawn;
  s->parent = parent ? parent->info : nullptr;
  if (s->parent) s->parent->ref();
  s->created_at = created_at;
  if (parent != nullptr) {
    impl_->attach(parent);
    // With its aux entry free, the child shares the parent's vector: its aux
    // entry takes the parent's hot one when it attaches.
    parent->clock.fold_aux();
    s->clock.assign(parent->clock);
    impl_->record(parent, EventKind::kGo, "go", 0);
    impl_->tick(parent);
  }
  return s;
}

GState* Engine::start(Spawn* s, uint64_t id, bool is_main) {
  auto* info = new GInfo(id, is_main, s->created_at, s->parent, impl_->config.history_events,
                         impl_->config.stack_history);
  auto* g = new GState(info, impl_->config.shadow_stack_depth);
  g->clock = std::move(s->clock);
  delete s;
  return g;
}

void Engine::discard(Spawn* s) {
  GInfo::unref(s->parent);
  delete s;
}

void Engine::finish_goroutine(GState* g) {
  g->info->finished.store(true, std::memory_order_release);
  if (g->attached) impl_->slots.release(g->slot(), g->epoch());
  GInfo::unref(g->info);
  delete g;
}

void Engine::thread_ending() noexcept {
  BlockPool::release_thread_cache();
}

uint64_t Engine::goroutine_id(const GState* g) {
  return (g->info->id & kThreadIdBit) != 0 ? 0 : g->info->id;
}

uint64_t Engine::thread_number(const GState* g) {
  return (g->info->id & kThreadIdBit) != 0 ? g->info->id & ~kThreadIdBit : 0;
}

StackId Engine::created_at(const GState* g) {
  return g->info->created_at;
}

uint64_t Engine::creator_id(const GState* g) {
  const GInfo* parent = g->info->parent;
  return parent != nullptr && (parent->id & kThreadIdBit) == 0 ? parent->id : 0;
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
    impl_->sync_clock(s, obj).assign(g->clock);
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
    impl_->sync_clock(s, obj).join(g->clock);
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
    impl_->sync_clock(s, obj).release_acquire(g->clock);
  }
  impl_->record(g, EventKind::kReleaseAcquire, what, obj);
  impl_->tick(g);
}

/// One clock of an object's array, a cache line to itself: the clocks are
/// reached straight from the object's pointer, and the slots that a
/// producer and a consumer touch at once share no line.
class alignas(64) OwnedClocks {
 public:
  VectorClock clock;
};

OwnedClocks* Engine::make_owned_clocks(size_t n) {
  return new OwnedClocks[n];
}

void Engine::free_owned_clocks(OwnedClocks* clocks) {
  delete[] clocks;
}

void Engine::release_acquire_owned(GState* g, OwnedClocks* clocks, size_t i, uintptr_t obj,
                                   const char* what) {
  if (g->ignore > 0) return;
  impl_->attach(g);
  clocks[i].clock.release_acquire(g->clock);  // the owner's lock orders these
  impl_->record(g, EventKind::kReleaseAcquire, what, obj);
  impl_->tick(g);
}

void Engine::acquire_owned(GState* g, const OwnedClocks* clocks, size_t i, uintptr_t obj,
                           const char* what) {
  if (g->ignore > 0) return;
  impl_->attach(g);
  if (clocks != nullptr) g->clock.join(clocks[i].clock);  // the owner orders these
  impl_->record(g, EventKind::kAcquire, what, obj);
}

void Engine::release_owned(GState* g, OwnedClocks* clocks, size_t i, uintptr_t obj,
                           const char* what) {
  if (g->ignore > 0) return;
  impl_->attach(g);
  clocks[i].clock.assign(g->clock);  // the owner orders these
  impl_->record(g, EventKind::kRelease, what, obj);
  impl_->tick(g);
}

void Engine::exchange(GState* a, GState* b, uintptr_t obj, const char* a_what, const char* b_what) {
  if (a->ignore > 0 || b->ignore > 0) {  // each side's ignore applies to its own steps
    release(a, obj, a_what);
    acquire(b, obj, b_what);
    release(b, obj, b_what);
    acquire(a, obj, a_what);
    return;
  }
  impl_->attach(a);
  impl_->attach(b);
  // Each side makes one release-acquire, as at a buffered channel's slot:
  // b acquires a's release, then a acquires b's.
  b->clock.join(a->clock);
  impl_->record(a, EventKind::kReleaseAcquire, a_what, obj);
  impl_->tick(a);
  a->clock.join(b->clock);
  impl_->record(b, EventKind::kReleaseAcquire, b_what, obj);
  impl_->tick(b);
}

void Engine::sync_reset(uintptr_t obj) {
  SyncMap::Shard& s = impl_->sync.shard(obj);
  VectorClock dropped;
  {
    std::lock_guard<SpinLock> guard(s.lock);
    if (!s.clocks.take(obj, dropped)) return;
  }
}

void Engine::sync_range_reset(uintptr_t addr, size_t size) {
  impl_->forget_sync(addr, size);
}

void Engine::Impl::forget_sync(uintptr_t addr, size_t size) {
  shadow.take_sync_marks(addr, size, [this](uintptr_t obj) {
    SyncMap::Shard& s = sync.shard(obj);
    VectorClock dropped;  // freed after unlocking
    std::lock_guard<SpinLock> guard(s.lock);
    s.clocks.take(obj, dropped);
  });
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
    if (sync & kSyncRelease) impl_->sync_clock(s, obj).join(g->clock);
    if (sync & kSyncReleaseStore) impl_->sync_clock(s, obj).assign(g->clock);
  }
  if (sync & kSyncAcquire) impl_->record(g, EventKind::kAcquire, what, obj);
  if (sync & (kSyncRelease | kSyncReleaseStore)) {
    impl_->record(g, sync & kSyncRelease ? EventKind::kReleaseMerge : EventKind::kRelease, what,
                  obj);
    impl_->tick(g);
  }
  return sync;
}

// --- ignoring ---------------------------------------------------------------

void Engine::ignore_begin(GState* g) {
  g->ignore++;
}
bool Engine::ignore_end(GState* g) {
  if (g->ignore == 0) return false;
  g->ignore--;
  return true;
}

// --- stacks -------------------------------------------------------------------

FrameId* Engine::func_enter(GState* g) {
  return g->stack.enter();
}
void Engine::func_exit(GState* g) {
  g->stack.exit();
}
void Engine::func_resume(GState* g, FrameId* slot) {
  g->stack.resume(slot);
}
StackId Engine::stack_at(GState* g, FrameId pc) {
  return g->stack.stack_at(impl_->depot, pc);
}
FrameId Engine::call_site(const GState* g) const {
  return g->stack.innermost_call_site();
}
StackId Engine::intern(StackId parent, FrameId frame) {
  return impl_->depot.intern_cached(parent, frame);
}
std::vector<FrameId> Engine::frames(StackId stack) const {
  return impl_->depot.frames(stack);
}

}  // namespace gorace::analyzer
