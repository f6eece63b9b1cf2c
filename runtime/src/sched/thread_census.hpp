// The threads the runtime accounts for, so that the deadlock check can tell
// whether some other thread of the process might still wake a goroutine.
//
// A plain thread that has not yet touched a channel or lock (one a goroutine
// just started with std::thread, say) is invisible to the scheduler; while
// it exists the run cannot prove "all goroutines are asleep". Accounted
// threads: workers, pollers, gor::blocking helpers, gor::main callers and
// plain threads that used a runtime primitive (these are counted as running
// by Sched::external unless parked on one).
#pragma once

namespace gor::detail {

/// Counts the calling thread as accounted for until the matching
/// census_leave (on the same thread).
void census_enter() noexcept;
void census_leave() noexcept;

/// RAII form of census_enter / census_leave.
class CensusScope {
 public:
  CensusScope() noexcept { census_enter(); }
  ~CensusScope() { census_leave(); }
  CensusScope(const CensusScope&) = delete;
  CensusScope& operator=(const CensusScope&) = delete;
};

/// True when the process has more threads than the runtime accounts for
/// (read from /proc/self/status; true when that cannot be read: the check
/// then errs on the side of no deadlock report).
bool unaccounted_threads() noexcept;

}  // namespace gor::detail
