// The gosuite harness: runs the C++ ports of Go's race-detector tests
// (src/runtime/race/testdata/*_test.go) and judges each one as Go's
// race_test.go does: a TestRace* test passes iff at least one race was
// reported while it ran, a TestNoRace* test iff none was.
#pragma once

#include <span>
#include <type_traits>
#include <utility>

#include <gor/chan.hpp>

namespace gosuite {

/// One ported Go test. `name` is the Go function's name; its prefix
/// (TestRace / TestNoRace) says whether a race is expected.
struct Test {
  const char* name;
  void (*body)();
};

/// A Test entry named after its function: GOSUITE_TEST(TestRaceChanSem).
#define GOSUITE_TEST(fn) \
  ::gosuite::Test {      \
#fn, fn              \
  }

/// Runs `tests` in order inside one gor::main (the body runs on the main
/// goroutine), prints "PASS <name>" / "FAIL <name>: <why>" per test and a
/// final "N passed, M failed, K skipped" line, and returns the process exit
/// status: 0 iff every test that ran passed. Races reported between the start of a
/// test and the end of the settle period after it are attributed to it.
/// Arguments: [--run SUBSTRING] runs only tests whose name contains it;
/// [--skip NAME[,NAME...]] skips the named tests (the documented known
/// failures) and prints "SKIP <name>". Unknown arguments, skip names that
/// match no test, or a --run filter that matches none are a usage error
/// (status 2).
int run(int argc, char** argv, std::span<const Test> tests);

/// Marks the running test failed with `why` (Go's t.Fatal / t.Errorf).
/// Callable from any goroutine; `why` must be a string literal.
void fail(const char* why);

/// Allocates a T that lives until the process exits and returns it: the
/// counterpart of a Go variable captured by a closure (Go moves it to the
/// heap). It is never freed, so a goroutine that outlives its test never
/// touches a dead stack frame, and no later test reuses its address (Go's
/// allocator resets the detector's memory state on reuse; a test suite must
/// not depend on whether gorace does). Capture the returned reference in
/// goroutine lambdas ([&v] captures the referenced object).
template <class T, class... Args>
T& var(Args&&... args) {
  return *new T(std::forward<Args>(args)...);
}

/// gor::make_chan<T>(cap), plus a reference to the channel that is never
/// dropped: Go's channels are garbage collected, never freed while a
/// goroutine can reach them, and their collection is not a memory access.
/// With plain reference counting the last goroutine to drop its handle frees
/// the channel, which gorace reports as racing with other goroutines' earlier
/// operations on it (README.md, B7): the suite tests Go's semantics, not that.
template <class T>
gor::Chan<T> make_chan(long long cap = 0) {
  gor::Chan<T> c = gor::make_chan<T>(cap);
  new gor::Chan<T>(c);  // the reference that is never dropped
  return c;
}

/// Reads `value`, Go's `_ = x`: the load happens in the (instrumented)
/// caller and the optimizer cannot drop it. A plain `(void)x;` loads nothing.
template <class T>
requires std::is_scalar_v<T>
inline void use(const T& value) {
  T copy = value;
  asm volatile("" : : "r"(copy));
}

}  // namespace gosuite
