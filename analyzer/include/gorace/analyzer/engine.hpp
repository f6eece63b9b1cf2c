// The happens-before engine: Go's race detector semantics (TSan's four sync
// operations on vector clocks, FastTrack epochs, four shadow cells per 8
// bytes of application memory) as a pure library fed events through this API. It knows
// nothing of the goroutine runtime; tests drive it with synthetic sequences.
//
// Design (see analyzer/README.md for the trade-offs):
//  - every live goroutine owns a clock slot from its first event on (one
//    spawned and not yet run has none); a finished goroutine's slot is
//    reused after a quarantine of `slot_quarantine` other frees, and the new
//    owner continues the slot's epoch sequence (stale cells stay comparable);
//  - vector clocks are copy-on-write and shared between a goroutine and the
//    sync objects it released to, so `go` and release are O(1) in memory;
//  - shadow: a lazily mapped two-level table, 4 one-word cells per 8-byte
//    granule, each (slot, epoch, byte mask, write/atomic); the stack of a
//    cell's access is in its goroutine's stack log at that epoch;
//  - stacks: hash-consed (parent stack, frame) pairs in a sharded depot.
//
// Thread-safety: a GState is used only by the goroutine (or thread) it
// describes, except in create_goroutine (the parent initialises the child
// before it runs). A Spawn passes from the parent (spawn) to the thread
// that runs the child (start). Everything else may be called concurrently.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "gorace/report/race.hpp"

namespace gorace::analyzer {

/// An opaque code position (the runtime passes `const __gorace_loc*`).
using FrameId = const void*;
/// A call stack interned in the depot; 0 is the empty stack.
using StackId = uint32_t;

/// Access kind bits for Engine::access.
enum AccessFlags : uint8_t {
  kRead = 0,
  kWrite = 1,   ///< a write (else a read)
  kAtomic = 2,  ///< an atomic access: never races another atomic access
  /// Only granules that already have history are checked and recorded (a
  /// free of memory that instrumented code never touched costs nothing).
  kIfTracked = 4,
};

/// A TSan-format suppressions list: `race:pattern` (any frame of either
/// stack matches), `race_top:pattern` (the top frame matches), `#` comments,
/// `*` wildcards. Patterns match a function name or a file path (substring
/// match unless anchored with ^ or $, as TSan). TSan's other types
/// (called_from_lib, deadlock, mutex, signal, thread) are accepted and
/// unused, so that one file serves both tools.
class Suppressions {
 public:
  /// Parses `text`; on a malformed line returns false and sets `error`.
  bool parse(const std::string& text, std::string& error);
  /// Whether a race with these two stacks is suppressed: a `race` rule
  /// matches any frame's function or file, or, as TSan's, the racing
  /// global's name or declaring file (`where`); a `race_top` rule only the
  /// innermost frame of either stack.
  bool matches(const report::Stack& a, const report::Stack& b,
               const report::Location& where = {}) const;
  /// Number of rules.
  size_t size() const { return rules_.size(); }

 private:
  struct Rule {
    bool top_only;
    std::string pattern;
  };
  std::vector<Rule> rules_;
};

/// Engine settings.
struct Config {
  bool suppress_equal_stacks = true;  ///< report each pair of stacks once
  uint32_t history_events = 8;  ///< sync events kept per goroutine (rounded up to a power of 2)
  /// Stack changes kept per goroutine: a race with an access older than the
  /// last `stack_history` changes of its goroutine's stack reports no
  /// previous stack (8 bytes each; see analyzer/src/stack_log.hpp).
  uint32_t stack_history = 1u << 16;
  uint32_t slot_quarantine = 1024;    ///< frees before a slot is reused
  uint32_t shadow_stack_depth = 128;  ///< deeper frames are dropped (balanced)
  Suppressions suppressions;
};

/// What the engine needs from its host to build reports. Called under the
/// engine's report lock (one report at a time).
struct Hooks {
  /// Appends the report frames of `frame` (innermost first; an inlined frame
  /// may expand to several). Required.
  std::function<void(FrameId frame, report::Stack& out)> expand_frame;
  /// Describes what `addr` belongs to. Optional.
  std::function<void(uintptr_t addr, report::Location& out)> locate;
  /// Receives every race that survived dedup and suppressions. Required.
  std::function<void(const report::Race& race)> on_race;
};

/// The analyzer's state for one goroutine (or foreign thread). Opaque.
struct GState;
/// What a goroutine starts from, taken at its `go` statement
/// (Engine::spawn). Opaque.
struct Spawn;

/// Clocks kept by their sync object (Engine::make_owned_clocks); opaque.
class OwnedClocks;

/// The happens-before engine. Usually one per process.
class Engine {
 public:
  Engine(Config config, Hooks hooks);
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // --- goroutines -------------------------------------------------------
  /// Creates the state of goroutine `id` spawned by `parent` (null: a root
  /// such as a foreign thread). The parent's history happens-before the
  /// child (Go's `go` edge); the parent's epoch advances. `created_at` is the
  /// `go` statement's stack (see stack_at). Called by the parent before the
  /// child runs. `is_main` marks Go's "main goroutine". A thread outside
  /// the scheduler passes thread_id(n) as its id (or 0 when unnumbered).
  GState* create_goroutine(GState* parent, uint64_t id, StackId created_at, bool is_main = false);
  /// create_goroutine() in two halves, so that the child's state is made on
  /// the thread that runs it (records made on another core cost the child
  /// a cache miss each): spawn() takes, in the parent, what the child
  /// starts from (the `go` edge: the parent's clock; the parent's epoch
  /// advances), in one small record; start() makes the child's state from
  /// it, consuming it.
  Spawn* spawn(GState* parent, StackId created_at);
  /// See spawn(): the state of goroutine `id`, from `s`.
  GState* start(Spawn* s, uint64_t id, bool is_main = false);
  /// Frees `s`, whose goroutine never ran.
  void discard(Spawn* s);
  /// The id of the n-th thread outside the scheduler (n >= 1, TSan's T<n-1>;
  /// 1 is the main thread): reports name it "thread T<n-1>" (goroutine 0).
  static constexpr uint64_t thread_id(uint64_t n) { return kThreadIdBit | n; }
  /// The goroutine finished: no edge; its slot is recycled later. `g` is
  /// invalid afterwards.
  void finish_goroutine(GState* g);
  /// Hands back the engine memory this thread keeps for reuse; the
  /// thread's later calls keep none. The engine does this when the thread's
  /// thread_local objects are destroyed; a host that calls the engine after
  /// that (a pthread key destructor that finishes the thread's state) calls
  /// it first: a thread's first call there would keep memory for good.
  static void thread_ending() noexcept;
  /// Goroutine id given at creation; 0 for a thread.
  static uint64_t goroutine_id(const GState* g);
  /// For a thread's state, its n of thread_id(n) (reports' Access::thread);
  /// 0 for a goroutine or an unnumbered thread.
  static uint64_t thread_number(const GState* g);
  /// Where g was created (0 for a root) and its creator's id (0 for none).
  static StackId created_at(const GState* g);
  static uint64_t creator_id(const GState* g);

  // --- synchronisation on the clock of the object at `obj` ---------------
  /// G ⊔= S (lock, receive). `what` (static string) names it in histories.
  void acquire(GState* g, uintptr_t obj, const char* what = "acquire");
  /// S := G (unlock).
  void release(GState* g, uintptr_t obj, const char* what = "release");
  /// S ⊔= G (RUnlock, WaitGroup.Done, atomic store).
  void release_merge(GState* g, uintptr_t obj, const char* what = "release_merge");
  /// S := G and G ⊔= old S, one step (a buffered channel slot).
  void release_acquire(GState* g, uintptr_t obj, const char* what = "release_acquire");
  /// Orders `a` and `b` both ways, as an unbuffered hand-off between them
  /// (Go's racesync): the clocks of release(a, obj), acquire(b, obj),
  /// release(b, obj), acquire(a, obj), in one step and without touching
  /// obj's clock (which no one else reads); each side's history records one
  /// release_acquire, named `a_what` and `b_what`. `b` must not be running.
  void exchange(GState* a, GState* b, uintptr_t obj, const char* a_what = "release_acquire",
                const char* b_what = "release_acquire");
  /// Forgets the clock of `obj` (object destroyed or recycled).
  void sync_reset(uintptr_t obj);
  /// Forgets the clocks of every sync object in [addr, addr+size) (memory
  /// freed): a sync object later made there starts with none, and the
  /// clocks of freed objects are not kept. range_reset() does this too.
  void sync_range_reset(uintptr_t addr, size_t size);

  // --- synchronisation on clocks their object keeps ----------------------
  /// `n` empty clocks that a sync object keeps itself instead of in the
  /// engine's table keyed by address (a buffered channel's slots): no
  /// lookup and no table lock. The object serialises the operations on each
  /// (the channel's lock does) and frees them with free_owned_clocks.
  OwnedClocks* make_owned_clocks(size_t n);
  /// Frees clocks from make_owned_clocks (their object died).
  void free_owned_clocks(OwnedClocks* clocks);
  /// release_acquire on clock `i` of `clocks`; `obj` names the object in
  /// histories.
  void release_acquire_owned(GState* g, OwnedClocks* clocks, size_t i, uintptr_t obj,
                             const char* what = "release_acquire");
  /// acquire on clock `i` of `clocks` (null: nothing released yet, only the
  /// event is recorded); `obj` names the object in histories.
  void acquire_owned(GState* g, const OwnedClocks* clocks, size_t i, uintptr_t obj,
                     const char* what = "acquire");
  /// release on clock `i` of `clocks` (S := G); as acquire_owned.
  void release_owned(GState* g, OwnedClocks* clocks, size_t i, uintptr_t obj,
                     const char* what = "release");
  /// The synchronisation an atomic operation performs (atomic_op's bits).
  enum AtomicSync : uint8_t {
    kSyncNone = 0,
    kSyncAcquire = 1,  ///< G ⊔= S: acquire, acq_rel, seq_cst loads and RMWs
    kSyncRelease = 2,  ///< S ⊔= G: release, acq_rel, seq_cst RMWs
    /// S := G: release and seq_cst stores. A store starts a new release
    /// sequence (C++ [intro.races]): a goroutine that reads it acquires the
    /// storer's clock only, not the clocks of earlier releases, as Go's
    /// -race and TSan's ReleaseStore do.
    kSyncReleaseStore = 4,
  };
  /// One atomic operation on the object at `obj`, atomic with its clock work
  /// (ThreadSanitizer's model): under the lock of obj's clock S, calls
  /// `op(arg)`, which executes the hardware instruction and returns the
  /// AtomicSync bits it turned out to have (a failed compare-exchange: its
  /// failure order's); still under the lock, G ⊔= S if kSyncAcquire, then
  /// S ⊔= G if kSyncRelease, or S := G if kSyncReleaseStore. So the clocks
  /// follow the order in which the operations took effect on obj. A release
  /// then advances g's epoch.
  /// Records the events in g's history as `what` (static string) and no
  /// memory access: the caller records it, before the call when the
  /// operation may release (so the released clock covers it). `op` must not
  /// call the engine. While g ignores sync events only `op` runs. Returns
  /// what `op` returned.
  uint8_t atomic_op(GState* g, uintptr_t obj, uint8_t (*op)(void* arg), void* arg,
                    const char* what = "atomic");

  // --- memory -----------------------------------------------------------
  /// Checks and records an access of `size` bytes at `addr` (any size and
  /// alignment; ranges are split per 8-byte granule). `pc` is the access's
  /// own position (appended to the shadow call stack); null means the
  /// innermost call site (a runtime operation called from user code).
  void access(GState* g, uintptr_t addr, size_t size, uint8_t flags, FrameId pc);
  /// As access() for `size` bytes made of consecutive accesses of `element`
  /// bytes each (a loop's accesses, checked together before the loop): a
  /// race is reported at the element that races, with its size.
  void access_elements(GState* g, uintptr_t addr, size_t size, size_t element, uint8_t flags,
                       FrameId pc);
  /// As access(), with the access's stack given (e.g. a runtime operation
  /// interned as a frame above the caller's stack).
  void access_at(GState* g, uintptr_t addr, size_t size, uint8_t flags, StackId stack);
  /// As access() with a null pc, with runtime operation `op` as the top
  /// frame above the innermost call site; the stack is interned (through
  /// g's cache) only when the access must be recorded.
  void access_op(GState* g, uintptr_t addr, size_t size, uint8_t flags, FrameId op);
  /// Forgets the access history and the sync objects of [addr, addr+size)
  /// (memory reused: a new heap block, a recycled goroutine stack).
  void range_reset(uintptr_t addr, size_t size);
  /// range_reset() for memory given back to the system (munmap): the shadow
  /// describing only that memory is given back too.
  void range_release(uintptr_t addr, size_t size);
  /// While the counter is positive, g's accesses and sync events are ignored.
  void ignore_begin(GState* g);
  /// Ends one ignore_begin(); returns false, changing nothing, when g has
  /// none to end (a caller's misuse).
  bool ignore_end(GState* g);

  // --- shadow call stack ------------------------------------------------
  /// Enters a function: returns its call-site slot, where the caller of the
  /// next call stores that call's position before calling. Valid until the
  /// matching func_exit. Beyond shadow_stack_depth a scratch slot is
  /// returned and the frame is not recorded.
  FrameId* func_enter(GState* g);
  /// Leaves the innermost function.
  void func_exit(GState* g);
  /// Makes the activation whose call-site slot is `slot` (from func_enter)
  /// the innermost again, leaving the frames entered after it: where a
  /// longjmp returned into it (its setjmp returned again), skipping their
  /// func_exit. No change when `slot` is not a recorded frame's.
  void func_resume(GState* g, FrameId* slot);
  /// Interns g's current stack: the call sites of its frames plus `pc`
  /// (null: plus the innermost frame's call-site slot instead).
  StackId stack_at(GState* g, FrameId pc);
  /// The stack of g's access to `addr` when it was g's latest recorded one
  /// (what a memory fault at `addr` interrupted: an access that faults is
  /// recorded first, and none before it touched the address), else 0.
  StackId faulting_access_stack(GState* g, uintptr_t addr);
  /// The call site g's innermost frame last stored in its slot (null when g
  /// has no recorded frame): from a function the plugin instrumented, the
  /// call now running.
  FrameId call_site(const GState* g) const;

  // --- stack depot --------------------------------------------------------
  /// Interns the stack `frame` called from `parent`, through the calling
  /// thread's cache: a stack interned again and again (every free at one
  /// site) takes no lock that other threads' interning contends for.
  StackId intern(StackId parent, FrameId frame);
  /// The frames of `stack`, innermost first.
  std::vector<FrameId> frames(StackId stack) const;

  // --- reports ------------------------------------------------------------
  /// Races delivered to Hooks::on_race so far.
  uint64_t reported() const;
  /// Races found (before dedup and suppressions).
  uint64_t found() const;
  /// Ends delivery: waits for a Hooks::on_race in progress, after which no
  /// race is delivered (the run's summary is being written; a goroutine
  /// still running while the process exits must not print a report the
  /// summary and exit status do not count). Idempotent.
  void close_reports();
  /// Whether this thread is building a report: a fault there (a stack
  /// overflow) must not wait for close_reports(), which would never return.
  static bool reporting_here();
  /// Builds the report stack of `stack` through Hooks::expand_frame.
  report::Stack expand(StackId stack) const;

  struct Impl;

 private:
  /// Marks a thread_id() (goroutine ids stay far below it).
  static constexpr uint64_t kThreadIdBit = uint64_t{1} << 62;
  std::unique_ptr<Impl> impl_;
};

}  // namespace gorace::analyzer
