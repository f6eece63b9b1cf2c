// The race model: what one data race is, independent of how it was found
// (analyzer) or shown (text, JSON Lines, SARIF, HTML). The JSON Lines log is
// its serialised form and the source of truth for every other view.
//
// Ownership: reports/ owns this header. Fields may be added; existing fields
// keep their names and meaning (the analyzer fills them, old logs parse).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace gorace::report {

/// One frame of a call stack.
struct Frame {
  std::string function;  ///< readable name, e.g. "main.func1" or "Bank::deposit"
  std::string file;      ///< as compiled (strip_path_prefix applies when shown)
  uint32_t line = 0;
  uint32_t column = 0;
};

/// A call stack, innermost frame first.
using Stack = std::vector<Frame>;

/// One memory access of a race.
struct Access {
  uint64_t goroutine = 0;  ///< goroutine id; 0 = a thread outside the scheduler
  bool is_write = false;
  bool is_atomic = false;
  uint32_t size = 0;  ///< bytes
  uint64_t address = 0;
  Stack stack;
  /// With goroutine 0: which thread, as TSan numbers them plus one (1: the
  /// main thread, n: thread T<n-1>); 0 when unknown.
  uint64_t thread = 0;
};

/// A goroutine and where it was created. A creation chain is a vector of
/// these: the goroutine itself first, then its creator, up to main.
struct Goroutine {
  uint64_t id = 0;  ///< 0: a thread outside the scheduler
  bool is_main = false;
  bool running = true;  ///< false once it finished (Go prints "(finished)")
  Stack created_at;     ///< the `go` statement's stack; empty for main
  uint64_t thread = 0;  ///< with id 0: the thread's number (see Access::thread)
};

/// A synchronisation event of a goroutine shortly before its access.
struct SyncEvent {
  std::string kind;     ///< "acquire", "release", "release_merge", "release_acquire", "go", ...
  std::string what;     ///< the primitive operation, e.g. "chan recv", "mutex unlock"
  uint64_t object = 0;  ///< sync object address
  uint64_t epoch = 0;   ///< the goroutine's own clock component at the event
  Frame where;          ///< innermost user frame, if known
};

/// What the racing address belongs to.
struct Location {
  enum class Kind { kUnknown, kHeap, kGlobal, kStack };
  Kind kind = Kind::kUnknown;
  uint64_t block_start = 0;  ///< heap block or global start
  uint64_t block_size = 0;
  uint64_t alloc_goroutine = 0;  ///< heap: allocating goroutine (0: a thread)
  uint64_t alloc_thread = 0;     ///< heap: allocating thread, as Access::thread
  Stack alloc_stack;             ///< heap: allocation stack
  std::string global_name;       ///< global: variable name
  Frame global_decl;             ///< global: declaration
  uint64_t stack_goroutine = 0;  ///< stack: owning goroutine (0: a thread)
  uint64_t stack_thread = 0;     ///< stack: owning thread, as Access::thread
};

/// One data race: the access that detected it and the previous conflicting
/// access that happens-before does not order with it.
struct Race {
  Access current;
  Access previous;
  std::vector<Goroutine> current_chain;   ///< current.goroutine's creation chain
  std::vector<Goroutine> previous_chain;  ///< previous.goroutine's creation chain
  Location location;
  std::vector<SyncEvent> current_events;   ///< oldest first
  std::vector<SyncEvent> previous_events;  ///< oldest first
  uint64_t count = 1;                      ///< occurrences of this race (same fingerprint)
};

/// The run that produced a log.
struct RunInfo {
  std::string program;
  std::vector<std::string> args;
  int64_t pid = 0;
  std::string start_time;  ///< RFC 3339, UTC
  int gomaxprocs = 0;
  std::optional<uint64_t> seed;  ///< set for deterministic runs
  std::string strategy;          ///< scheduling strategy of a deterministic run
  int pct_depth = 0;             ///< PCT's depth when strategy is "pct" (0: unknown)
  /// PCT's expected steps when strategy is "pct": 0 when the run drew them
  /// per seed (a run of its own), K when given (gorace explore and replay);
  /// -1 when the log does not say (a log older than the field).
  int64_t pct_steps = -1;
};

}  // namespace gorace::report
