// Engine: race reports (expanding stacks, creation chains, sync history).
#include "engine_impl.hpp"

namespace gorace::analyzer {

uint64_t Engine::reported() const {
  return impl_->reported.load(std::memory_order_relaxed);
}
uint64_t Engine::found() const {
  return impl_->found.load(std::memory_order_relaxed);
}

namespace {
// Whether this thread is building a report (holds Impl::report_mu).
thread_local bool t_reporting = false;

struct ReportingHere {
  ReportingHere() { t_reporting = true; }
  ~ReportingHere() { t_reporting = false; }
  ReportingHere(const ReportingHere&) = delete;
  ReportingHere& operator=(const ReportingHere&) = delete;
};
}  // namespace

bool Engine::reporting_here() {
  return t_reporting;
}

void Engine::close_reports() {
  std::lock_guard<std::mutex> guard(impl_->report_mu);
  impl_->reports_closed = true;
}

report::Stack Engine::expand(StackId stack) const {
  return impl_->expand(stack);
}

report::Stack Engine::Impl::expand(StackId stack) {
  report::Stack out;
  for (FrameId f : depot.frames(stack)) hooks.expand_frame(f, out);
  return out;
}

void Engine::Impl::split_id(uint64_t id, uint64_t& goroutine, uint64_t& thread) {
  const bool is_thread = (id & kThreadIdBit) != 0;
  goroutine = is_thread ? 0 : id;
  thread = is_thread ? id & ~kThreadIdBit : 0;
}

void Engine::Impl::build_chain(GInfo* g, std::vector<report::Goroutine>& out) {
  for (; g != nullptr; g = g->parent) {
    report::Goroutine r;
    split_id(g->id, r.id, r.thread);
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

namespace {
// The bytes of the previous access (cell mask `cell_mask` of the granule at
// `granule`) that the current access [addr, addr+size) also touches: their
// first run. A cell merges the accesses of one instruction in one epoch (a
// loop over an int array puts two in a granule), so the cell's whole mask
// may name more than the access that races. Never 0.
uint8_t shared_bytes(uint8_t cell_mask, uintptr_t granule, uintptr_t addr, size_t size) {
  const uintptr_t lo = addr > granule ? addr - granule : 0;
  const uintptr_t hi = addr + size - granule < 8 ? addr + size - granule : 8;
  const auto touched = static_cast<uint8_t>(((1u << hi) - 1) & ~((1u << lo) - 1));
  const uint8_t both = cell_mask & touched;
  return both != 0 ? both : cell_mask;
}
}  // namespace

void Engine::Impl::report(GState* g, uintptr_t addr, size_t size, uint8_t flags, StackId stack,
                          const Conflict& c) {
  found.fetch_add(1, std::memory_order_relaxed);
  const uint32_t prev_epoch = Cell::epoch(c.cell);
  GInfo* prev = slots.owner_at(Cell::slot(c.cell), prev_epoch);
  StackId prev_stack = 0;
  if (prev != nullptr) prev->stacks.find(prev_epoch, prev_stack);
  std::lock_guard<std::mutex> guard(report_mu);
  ReportingHere reporting;
  if (reports_closed) {
    GInfo::unref(prev);
    return;
  }
  if (config.suppress_equal_stacks) {
    auto key =
        stack < prev_stack ? std::make_pair(stack, prev_stack) : std::make_pair(prev_stack, stack);
    if (!reported_pairs.insert(key).second) {
      GInfo::unref(prev);
      return;
    }
  }
  report::Race race;
  split_id(g->info->id, race.current.goroutine, race.current.thread);
  flags &= kWrite | kAtomic;
  race.current.is_write = (flags & kWrite) != 0;
  race.current.is_atomic = (flags & kAtomic) != 0;
  race.current.size = static_cast<uint32_t>(size);
  race.current.address = addr;
  race.current.stack = expand(stack);

  race.previous.is_write = Cell::is_write(c.cell);
  race.previous.is_atomic = Cell::is_atomic(c.cell);
  const uint8_t shared = shared_bytes(Cell::mask(c.cell), c.granule, addr, size);
  race.previous.address = c.granule + static_cast<uintptr_t>(__builtin_ctz(shared));
  race.previous.size = static_cast<uint32_t>(__builtin_ctz(~(shared >> __builtin_ctz(shared))));
  race.previous.stack = expand(prev_stack);
  if (hooks.locate) hooks.locate(addr, race.location);
  if (!config.suppressions.size() ||
      !config.suppressions.matches(race.current.stack, race.previous.stack, race.location)) {
    if (prev) split_id(prev->id, race.previous.goroutine, race.previous.thread);
    build_chain(g->info, race.current_chain);
    if (prev) build_chain(prev, race.previous_chain);
    race.current_events = events(g->info, g->epoch());
    if (prev) race.previous_events = events(prev, prev_epoch);
    reported.fetch_add(1, std::memory_order_relaxed);
    hooks.on_race(race);
  }
  GInfo::unref(prev);
}

}  // namespace gorace::analyzer
