// gor::main: creating a scheduler run, its workers and the poller thread,
// waiting for the main goroutine; plus the public runtime queries.
#include <sched.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <thread>

#include "detail/os_futex.hpp"
#include "gor/detail/race_hooks.hpp"
#include "gor/deterministic.hpp"
#include "gor/runtime.hpp"
#include "race/options.hpp"
#include "sched/runtime_thread.hpp"
#include "sched/sched_impl.hpp"
#include "sched/thread_census.hpp"

namespace gor::detail {

std::atomic<Sched*> g_current_sched{nullptr};

namespace {

std::atomic<bool> g_det_set{false};
std::atomic<uint64_t> g_det_seed{0};

int cpu_count() {
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof(set), &set) == 0) {
    int n = CPU_COUNT(&set);
    if (n > 0) return n;
  }
  unsigned n = std::thread::hardware_concurrency();
  return n > 0 ? static_cast<int>(n) : 1;
}

// GOMAXPROCS from the environment (as Go: ignored unless a positive integer).
int procs_from_env() {
  // As Go's: decimal digits only, a positive 32-bit value; anything else is
  // ignored. Capped at 1024 workers (each is a thread).
  const char* v = getenv("GOMAXPROCS");
  long long n = 0;
  bool valid = v != nullptr && *v != '\0';
  for (const char* p = v; valid && *p != '\0'; ++p) {
    valid = *p >= '0' && *p <= '9';
    if (valid) n = n * 10 + (*p - '0');
    valid = valid && n <= INT32_MAX;
  }
  if (valid && n > 0) return n > 1024 ? 1024 : static_cast<int>(n);
  return cpu_count();
}

// GORACE, read with the parser the race detector uses (one grammar, one set
// of error messages); a bad option is a usage error (exit 2). Read at every
// gor::main: a process may change GORACE between runs.
race::Options gorace_options() {
  race::Options options;
  std::string error;
  if (!race::parse_options(getenv("GORACE"), options, error)) {
    fprintf(stderr, "gorace: %s\n", error.c_str());
    fflush(stderr);
    _exit(2);
  }
  return options;
}

// Deterministic mode: writes the largest step count of this process's
// gor::main runs so far to GORACE_SCHED's steps_out file (gorace explore
// reads it to size PCT's change points; see sched/strategy.hpp).
void write_steps(Sched* s) {
  static uint64_t most = 0;
  const uint64_t steps = s->det_steps.load(std::memory_order_relaxed);
  if (steps > most) most = steps;
  FILE* f = fopen(s->det_config.steps_out.c_str(), "w");
  bool ok = f != nullptr && fprintf(f, "%llu\n", static_cast<unsigned long long>(most)) > 0;
  if (f != nullptr && fclose(f) != 0) ok = false;
  if (!ok) {
    fprintf(stderr, "gorace: cannot write the step count to '%s': %s\n",
            s->det_config.steps_out.c_str(), strerror(errno));
  }
}

// exit() handler: a program that exits inside gor::main (a test binary
// calling exit) still writes its step count.
void write_steps_at_exit() {
  Sched* s = g_current_sched.load(std::memory_order_acquire);
  if (s != nullptr && s->deterministic && !s->det_config.steps_out.empty() &&
      s->main_done.load(std::memory_order_acquire) == 0)
    write_steps(s);
}

void stop(Sched* s) {
  s->stopping.store(true, std::memory_order_release);
  // Goroutines still running stop at their next scheduling point (an
  // instrumented access or a runtime operation): see sched_point_slow.
  std::atomic_thread_fence(std::memory_order_seq_cst);  // as preempt_long_running's
  g_sched_points_on.store(true, std::memory_order_relaxed);
  Worker* idle;
  {
    SpinGuard guard(s->lock);
    idle = s->idle;
    s->idle = nullptr;
    s->nidle.store(0, std::memory_order_release);
  }
  while (idle != nullptr) {
    Worker* next = idle->idle_next;
    idle->woken_spinning = false;
    idle->wake.store(1, std::memory_order_release);
    os_futex_wake(&idle->wake);
    idle = next;
  }
  poller_wake(s);
}

// As Go's exit, no goroutine may run once main returned: the caller goes on
// to static destructors, which the goroutines' code may use. Waits until
// every worker has left its loop, each goroutine it ran stopped at a
// scheduling point. A goroutine that reaches none (a loop of code built
// without the plugin, a call blocked in the kernel) cannot be stopped: after
// kStopWaitNs the caller goes on regardless, as before.
void await_workers(Sched* s) {
  constexpr int64_t kStopWaitNs = 200'000'000;
  const int64_t deadline = real_nanotime() + kStopWaitNs;
  while (s->live_workers.load(std::memory_order_acquire) > 0 && real_nanotime() < deadline) {
    sched_yield();
  }
}

}  // namespace

std::optional<uint64_t> deterministic_seed() {
  if (g_det_set.load(std::memory_order_acquire)) return g_det_seed.load(std::memory_order_relaxed);
  return gorace_options().seed;
}

int run_main(G* g, GoTask* task) {
  if (this_worker() != nullptr) fatal("gor::main called from inside a goroutine");
  CensusScope accounted;  // this thread waits for the main goroutine below
  install_signal_handlers();
  install_terminate_handler();
  // A scheduler is never freed: abandoned goroutines may still reference it
  // (as Go, the process keeps them until exit).
  auto* s = new Sched();
  race::Options options = gorace_options();
  std::optional<uint64_t> seed = g_det_set.load(std::memory_order_acquire)
                                     ? std::optional(g_det_seed.load(std::memory_order_relaxed))
                                     : options.seed;
  s->deterministic = seed.has_value();
  if (!s->deterministic && options.schedule_given) {
    static const bool warned = [] {
      std::fputs(
          "gorace: GORACE strategy and pct_depth are unused: they choose how a deterministic "
          "run explores schedules (seed=N or gor::set_deterministic)\n",
          stderr);
      return true;
    }();
    (void)warned;
  }
  if (s->deterministic) {
    s->det_config = strategy_config_from_env(options.strategy, options.pct_depth);
    s->strategy = make_strategy(s->det_config, *seed);
    static const bool registered = std::atexit(write_steps_at_exit) == 0;
    (void)registered;
  }
  s->nprocs = s->deterministic ? 1 : procs_from_env();
  s->workers = new Worker*[static_cast<size_t>(s->nprocs)];
  uint64_t base_seed = seed ? *seed : static_cast<uint64_t>(real_nanotime());
  for (int i = 0; i < s->nprocs; ++i) {
    auto* w = new Worker();
    w->sched = s;
    w->rng =
        (base_seed + 1) * 0x9e3779b97f4a7c15ull + static_cast<uint64_t>(i) * 0xbf58476d1ce4e5b9ull;
    if (w->rng == 0) w->rng = 1;
    s->workers[i] = w;
  }
  if (s->deterministic) s->vclock.store(int64_t{946684800} * 1000000000, std::memory_order_relaxed);

  g->task = task;
  g->sched = s;
  g->id = s->next_goid.fetch_add(1, std::memory_order_relaxed);
  // The caller's work so far (building the main closure, say) happens before
  // the main goroutine starts: spawned by this thread, as `go` would.
  race::go(nullptr, g);
  s->main_g = g;
  s->ngoroutines.store(1, std::memory_order_relaxed);
  {
    SpinGuard guard(s->lock);
    s->gq_head = s->gq_tail = g;
    s->gq_size.store(1, std::memory_order_release);
  }
  g_current_sched.store(s, std::memory_order_release);
  g_sched_points_on.store(s->deterministic, std::memory_order_relaxed);
  poller_start(s);
  s->live_workers.store(s->nprocs, std::memory_order_relaxed);
  for (int i = 0; i < s->nprocs; ++i) {
    start_runtime_thread([w = s->workers[i]] { worker_main(w); });
  }
  while (s->main_done.load(std::memory_order_acquire) == 0) os_futex_wait(&s->main_done, 0);
  if (s->deterministic && !s->det_config.steps_out.empty()) write_steps(s);
  stop(s);
  await_workers(s);
  race::acquire(&s->live_workers, "gor::main returned");
  gfree_release(s);
  return 0;
}

}  // namespace gor::detail

namespace gor {

void set_deterministic(uint64_t seed) {
  detail::g_det_seed.store(seed, std::memory_order_relaxed);
  detail::g_det_set.store(true, std::memory_order_release);
}

void clear_deterministic() {
  detail::g_det_set.store(false, std::memory_order_release);
}

void yield() {
  detail::yield_passes_time();
  detail::gosched();
}

int num_goroutine() {
  detail::sched_point();  // polled until goroutines end: let them run
  detail::Sched* s = detail::current_sched();
  return s != nullptr ? static_cast<int>(detail::live_goroutines(s)) : 0;
}

int gomaxprocs() {
  detail::Sched* s = detail::current_sched();
  return s != nullptr ? s->nprocs : detail::procs_from_env();
}

uint64_t goid() {
  return detail::goid_of(detail::current_g());
}

}  // namespace gor
