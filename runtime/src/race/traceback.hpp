// The running goroutine's stack in Go's traceback format, for unrecovered
// panics. Internal to the runtime.
#pragma once

#include <cstdint>

namespace gor::detail {
struct G;
}

namespace gor::detail::race {

/// Writes the current goroutine's frames, innermost first, then where it was
/// created, as Go's traceback does:
///     main.func1()
///     	/src/prog.cpp:12
///     created by main in goroutine 1
///     	/src/prog.cpp:9
/// to file descriptor `fd`. The frames are the race detector's shadow call
/// stack (instrumented code only): nothing is written while detection is off
/// and where the goroutine was created is written alone when no instrumented
/// frame is known. Not async-signal-safe.
void write_traceback(int fd);
/// write_traceback for a memory fault at `addr`: the innermost frames are
/// those of the instrumented access that faulted, where it is known (an
/// inlined function's too, which the shadow call stack lacks).
void write_fault_traceback(uintptr_t addr, int fd);
/// The same for goroutine `g`, which is parked: its frames up to the call
/// it is blocked in.
void write_traceback_of(G* g, int fd);

}  // namespace gor::detail::race
