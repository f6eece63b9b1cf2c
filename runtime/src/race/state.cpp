// Detection switch, engine construction, the lookup of the current
// goroutine's (or thread's) analyzer state, and the hooks that make and end
// states (go, goroutine end, a timer's firing). The hooks that only forward
// an operation to the engine are in sync_hooks.cpp.
#include "state.hpp"

#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>

#include "detail/thread_stack.hpp"
#include "gor/blocking.hpp"
#include "gor/race_abi.h"
#include "report_sink.hpp"
#include "thread_stacks.hpp"

namespace gor::detail::race {

std::atomic<bool> g_enabled{false};
std::atomic<Engine*> g_engine{nullptr};

void stop_detection_in_forked_child() {
  g_enabled.store(false, std::memory_order_relaxed);
  g_engine.store(nullptr, std::memory_order_relaxed);
}
thread_local int t_reentry __attribute__((tls_model("initial-exec"))) = 0;

namespace {

// The options, written once by enable_detection before g_engine is
// published. A function-local static: enable_detection may run (from an
// instrumented module's constructor) before this file's dynamic
// initialisation, which would then reset a namespace-scope object.
Options& stored_options() {
  static Options options;
  return options;
}
// Sync objects the runtime itself uses for edges the scheduler does not show.
// Static initialisation (up to the first goroutine spawned from a thread)
// happens before every later thread's work.
char g_init_object;
// The main goroutine's end happens before the rest of the thread that ran
// gor::main (Go has no such code; C++ programs continue after gor::main).
char g_main_exit_object;
std::atomic<uint64_t> g_main_exits{0};

// A thread's analyzer state. Trivially destructible, so that it outlives
// the thread's thread_local destructors: a thread's state ends in its last
// round of pthread key destructors (end_thread), after those destructors
// and the other keys' (which may still write or synchronise: a thread_local
// object's destructor flushing statistics, a mutex unlocked at thread exit
// by std::notify_all_at_thread_exit).
struct ThreadState {
  GState* state = nullptr;
  uint64_t main_exits_seen = 0;
  bool is_root = false;  // the process's exit runs static destructors here: never ends
};
thread_local ThreadState t_thread;

// The key whose destructor ends a thread's state (end_thread); its value is
// the round of key destructors to come.
pthread_key_t g_thread_end_key;

/// Shadow of the running thread's stack block (its stack, static TLS and
/// thread descriptor), which the C library gives the next thread: cleared
/// when this one ends, as ThreadSanitizer clears it.
void forget_thread_memory(Engine& e) {
  uintptr_t low = 0;
  size_t size = 0;
  if (current_thread_stack(low, size)) e.range_reset(low, size);
}

/// The key destructor ending a (non-root) thread's state: in the last round
/// (until then it asks for another), the thread's end happens before a join
/// of it returns; then its memory is forgotten and its state finished.
void end_thread(void* rounds) {
  const auto round = reinterpret_cast<uintptr_t>(rounds);
  if (round < PTHREAD_DESTRUCTOR_ITERATIONS) {
    pthread_setspecific(g_thread_end_key, reinterpret_cast<void*>(round + 1));
    return;
  }
  // From here the thread only tears itself down (the C library frees its
  // blocks): none of it is the program's work, and tracking it would make
  // the thread a second state (another number, never finished).
  ++t_reentry;
  // The thread's thread_local destructors have run: the engine must not
  // keep memory for it from here.
  Engine::thread_ending();
  ThreadState& t = t_thread;
  Engine* e = g_engine.load(std::memory_order_acquire);
  if (t.state != nullptr && e != nullptr) {
    // The end's clock is kept at the thread descriptor, inside the block
    // forgotten: so it is released after.
    forget_thread_stack();
    forget_thread_memory(*e);
    e->release(t.state, thread_end_object(pthread_self()), "thread end");
    e->finish_goroutine(t.state);
    t.state = nullptr;
  }
}

/// Starts tracking the thread of `t` (whose state is new): its state ends
/// with the thread (see end_thread), unless it is the root, and its stack is
/// known to reports.
void track_thread(const ThreadState& t) {
  if (!t.is_root) pthread_setspecific(g_thread_end_key, reinterpret_cast<void*>(uintptr_t{1}));
  note_thread_stack(Engine::thread_number(t.state));
}

// Reads the whole file at `path` into `text`; else returns false with the
// reason in `why` (a directory is not a file to read).
bool read_file(const std::string& path, std::string& text, std::string& why) {
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    why = std::strerror(errno);
    return false;
  }
  struct stat st {};
  if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
    close(fd);
    why = "it is a directory";
    return false;
  }
  char buf[4096];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      why = std::strerror(errno);
      close(fd);
      return false;
    }
    text.append(buf, static_cast<size_t>(n));
  }
  close(fd);
  return true;
}

[[noreturn]] void usage_error(const std::string& message) {
  std::fprintf(stderr, "gorace: %s\n", message.c_str());
  std::fflush(stderr);
  std::_Exit(2);
}

std::atomic<uint64_t> g_threads{0};

GState* thread_state() {
  ThreadState& t = t_thread;
  Engine* e = g_engine.load(std::memory_order_relaxed);
  if (t.state == nullptr) {
    ReentryGuard guard;
    // Numbered: the main thread; else a thread created before detection was
    // on (or a created one before its creator's state is adopted).
    t.state = e->create_goroutine(nullptr, t.is_root ? Engine::thread_id(1) : 0, 0);
    track_thread(t);
    t.main_exits_seen = g_main_exits.load(std::memory_order_acquire);
    e->acquire(t.state, reinterpret_cast<uintptr_t>(&g_init_object), "thread start");
    if (t.main_exits_seen != 0)
      e->acquire(t.state, reinterpret_cast<uintptr_t>(&g_main_exit_object), "gor::main returned");
  } else if (uint64_t n = g_main_exits.load(std::memory_order_relaxed); n != t.main_exits_seen)
      [[unlikely]] {
    ReentryGuard guard;
    t.main_exits_seen = n;
    e->acquire(t.state, reinterpret_cast<uintptr_t>(&g_main_exit_object), "gor::main returned");
  }
  return t.state;
}

}  // namespace

uint64_t next_thread_id() {
  return Engine::thread_id(g_threads.fetch_add(1, std::memory_order_relaxed) + 2);  // 1: main
}

void adopt_thread_state(GState* state) {
  ThreadState& t = t_thread;
  Engine* e = g_engine.load(std::memory_order_acquire);
  if (t.state != nullptr) {
    ReentryGuard guard;
    e->finish_goroutine(t.state);
  }
  t.state = state;
  {
    ReentryGuard guard;
    track_thread(t);
  }
  t.main_exits_seen = g_main_exits.load(std::memory_order_acquire);
  if (t.main_exits_seen != 0) {
    ReentryGuard guard;
    e->acquire(t.state, reinterpret_cast<uintptr_t>(&g_main_exit_object), "gor::main returned");
  }
}

const Options& options() {
  return stored_options();
}

void enable_detection() {
  static std::once_flag once;
  std::call_once(once, [] {
    ReentryGuard guard;
    std::string error;
    Options& g_options = stored_options();
    if (!parse_options(std::getenv("GORACE"), g_options, error)) usage_error(error);
    gorace::analyzer::Config config;
    config.suppress_equal_stacks = g_options.suppress_equal_stacks;
    config.history_events = 8u << g_options.history_size;
    config.stack_history = 32768u << g_options.history_size;
    if (!g_options.suppressions.empty()) {
      std::string text, why;
      if (!read_file(g_options.suppressions, text, why))
        usage_error("cannot read suppressions file \"" + g_options.suppressions + "\": " + why);
      if (!config.suppressions.parse(text, error))
        usage_error("suppressions file \"" + g_options.suppressions + "\": " + error);
    }
    gorace::analyzer::Hooks hooks;
    hooks.expand_frame = expand_frame;
    hooks.locate = locate;
    hooks.on_race = on_race;
    auto* engine = new Engine(std::move(config), std::move(hooks));
    if (pthread_key_create(&g_thread_end_key, end_thread) != 0) {
      usage_error("cannot create the thread-exit key");
    }
    start_report_sink();
    link_thread_interception();
    link_pthread_sync_interception();
    link_exit_interception();
    link_mmap_interception();
    g_engine.store(engine, std::memory_order_release);
    // The enabling thread (static initialisation) is the root of the order.
    t_thread.is_root = true;
    thread_state();
    g_enabled.store(true, std::memory_order_release);
  });
}

namespace {

// A goroutine's race slot holds, from its `go` until it starts running, the
// Engine::spawn record its state starts from, tagged with bit 0 (pool
// blocks are 16-byte aligned); then its GState.
constexpr uintptr_t kSpawnTag = 1;

void* spawn_slot(Spawn* s) {
  return reinterpret_cast<void*>(reinterpret_cast<uintptr_t>(s) | kSpawnTag);
}
bool holds_spawn(const void* slot) {
  return (reinterpret_cast<uintptr_t>(slot) & kSpawnTag) != 0;
}
/// The spawn record in `slot` (holds_spawn).
Spawn* spawn_in(void* slot) {
  return reinterpret_cast<Spawn*>(reinterpret_cast<uintptr_t>(slot) & ~kSpawnTag);
}
/// Makes the state of `g` from the spawn record in its slot.
void start_state(Engine& e, G* g, void*& slot) {
  const uint64_t id = goid_of(g);
  slot = e.start(spawn_in(slot), id, id == 1);
}
/// Ends what a slot holds (a recycled G's), leaving it empty.
void drop_state(Engine& e, void*& slot) {
  if (slot == nullptr) return;
  if (holds_spawn(slot)) {
    e.discard(spawn_in(slot));
  } else {
    e.finish_goroutine(static_cast<GState*>(slot));
  }
  slot = nullptr;
}

}  // namespace

GState* state_of(G* g) {
  void*& slot = race_slot(g);
  if (holds_spawn(slot)) [[unlikely]] {  // acted for before it ran
    ReentryGuard guard;
    start_state(engine(), g, slot);
  }
  if (slot == nullptr) [[unlikely]] {
    // A goroutine the scheduler never announced through go() (the main
    // goroutine): it starts after static initialisation.
    ReentryGuard guard;
    Engine* e = g_engine.load(std::memory_order_relaxed);
    GState* s = e->create_goroutine(nullptr, goid_of(g), 0, goid_of(g) == 1);
    e->acquire(s, reinterpret_cast<uintptr_t>(&g_init_object), "goroutine start");
    slot = s;
  }
  return static_cast<GState*>(slot);
}

namespace {
// The state this thread acts with while it fires a timer (as_fired_timer),
// else null.
thread_local GState* t_firing_timer = nullptr;
}  // namespace

GState* current_state() {
  if (void* running = current_race_slot()) [[likely]]
    return static_cast<GState*>(running);
  G* g = current_g();
  if (g != nullptr) [[likely]]
    return state_of(g);
  // A gor::blocking helper runs f as the parked goroutine that called it.
  if (G* owner = blocking_owner()) return state_of(owner);
  if (t_firing_timer != nullptr) return t_firing_timer;
  return thread_state();
}

// --- hooks ---------------------------------------------------------------

void bind_thread_impl(G* stand_in) noexcept {
  ReentryGuard guard;
  race_slot(stand_in) = thread_state();
}

void as_fired_timer_impl(const void* timer, void (*send)(void*), void* arg) {
  Engine& e = engine();
  GState* firing;
  {
    ReentryGuard guard;
    firing = e.create_goroutine(nullptr, 0, 0);
    e.acquire(firing, addr(timer), "timer fired");
  }
  t_firing_timer = firing;
  send(arg);
  t_firing_timer = nullptr;
  ReentryGuard guard;
  e.finish_goroutine(firing);
}

uint32_t creation_site_impl() noexcept {
  ReentryGuard guard;
  return engine().stack_at(current_state(), nullptr);
}

void go_impl(G* parent, G* child, uint32_t site) noexcept {
  ReentryGuard guard;
  Engine& e = engine();
  GState* p = parent != nullptr ? state_of(parent) : current_state();
  if (parent == nullptr) e.release_merge(p, addr(&g_init_object), "spawn from thread");
  const StackId created_at = site != 0 ? site : e.stack_at(p, nullptr);
  void*& slot = race_slot(child);
  drop_state(e, slot);  // a recycled G
  slot = spawn_slot(e.spawn(p, created_at));
}

void goroutine_start_impl(G* g) noexcept {
  void*& slot = race_slot(g);
  if (!holds_spawn(slot)) return;
  ReentryGuard guard;
  start_state(engine(), g, slot);
}

void goroutine_end_impl(G* g) noexcept {
  ReentryGuard guard;
  void*& slot = race_slot(g);
  if (slot == nullptr) return;
  Engine& e = engine();
  auto* s = static_cast<GState*>(slot);  // started in g_entry
  if (Engine::goroutine_id(s) == 1) {
    e.release_merge(s, addr(&g_main_exit_object), "main goroutine end");
    g_main_exits.fetch_add(1, std::memory_order_release);
  }
  e.finish_goroutine(s);
  slot = nullptr;
}

}  // namespace gor::detail::race
