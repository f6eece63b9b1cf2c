// Goroutines: gor::main starts the scheduler, gor::go spawns, and queries
// about the running program (Go's runtime package).
#pragma once

#include <cstdint>
#include <tuple>
#include <type_traits>
#include <utility>

#include "gor/detail/plugin_annotations.hpp"
#include "gor/detail/sched.hpp"

namespace gor {

namespace detail {

/// The main goroutine's function: calls fn and keeps, in *status, the exit
/// status it returns (an int, or anything convertible to one); a function
/// returning void leaves it 0.
template <class F>
struct MainCall {
  using Result = std::invoke_result_t<F&>;
  static_assert(std::is_void_v<Result> || std::is_convertible_v<Result, int>,
                "gor::main: the main function returns void or an exit status (int)");
  F fn;
  int* status;
  void operator()() {
    if constexpr (std::is_void_v<Result>) {
      fn();
    } else {
      *status = static_cast<int>(fn());
    }
  }
};

}  // namespace detail

/// Starts the scheduler with GOMAXPROCS processors (environment variable;
/// default: the number of CPUs; 1 in deterministic mode), runs f() as the main
/// goroutine (id 1) and returns when it returns: the int f returned, or 0 for
/// a function returning void. Goroutines still running then stop, as in Go's
/// exit (see README). An unrecovered panic, a deadlock or a stack overflow
/// ends the process with status 2. Not reentrant: call from a plain thread,
/// one run at a time.
template <class F>
int main(F&& f) {
  int status = 0;
  auto [g, task] = detail::make_goroutine(
      detail::MainCall<std::decay_t<F>>{std::decay_t<F>(std::forward<F>(f)), &status});
  const int failed = detail::run_main(g, task);
  return failed != 0 ? failed : status;
}

namespace detail {

/// A call of f(args...) whose callable and arguments are decay-copies (as
/// std::thread makes them); calling it invokes f with them as rvalues, once.
template <class F, class... Args>
struct BoundCall {
  F fn;
  std::tuple<Args...> args;
  void operator()() {
    if constexpr (sizeof...(Args) == 0) {
      std::move(fn)();
    } else {
      call_with_arguments();
    }
  }
  /// The call with arguments is the program's code to the race plugin (the
  /// annotation): the arguments f takes by value are destroyed here, and
  /// their destructors' synchronisation (a shared_ptr's reference count)
  /// orders the goroutine's accesses before whoever frees the object last.
  /// (A call without arguments keeps its closure unchecked: see
  /// GOR_GOROUTINE_ENTRY.)
  GOR_CALLER_CODE void call_with_arguments() { std::apply(std::move(fn), std::move(args)); }
};

/// Decay-copies f and args into a BoundCall. The copies read the caller's
/// variables, so the race plugin checks this function's code (and the copy
/// constructors inlined into it) as the caller's: the annotation.
template <class F, class... Args>
GOR_CALLER_CODE BoundCall<std::decay_t<F>, std::decay_t<Args>...> bind_call(F&& f, Args&&... args) {
  return {std::decay_t<F>(std::forward<F>(f)),
          std::tuple<std::decay_t<Args>...>(std::forward<Args>(args)...)};
}

/// Whether f can be called as a goroutine with `args` (decay-copied).
template <class F, class... Args>
inline constexpr bool kGoCallable = std::is_invocable_v<std::decay_t<F>, std::decay_t<Args>...>;

}  // namespace detail

/// Spawns a goroutine running f(args...); f and args are decay-copied (as
/// std::thread) and invoked as rvalues.
template <class F, class... Args>
void go(F&& f, Args&&... args) {
  static_assert(detail::kGoCallable<F, Args...>,
                "gor::go: f cannot be called with these arguments, which are copied (as "
                "std::thread's): to pass a variable by reference, use std::ref(x) or a lambda "
                "capturing it");
  if constexpr (detail::kGoCallable<F, Args...>) {  // else only the assertion's error
    auto [g, task] =
        detail::make_goroutine(detail::bind_call(std::forward<F>(f), std::forward<Args>(args)...));
    detail::spawn(g, task);
  }
}

/// Lets other goroutines run (Go's runtime.Gosched).
void yield();
/// Goroutines that exist now (started and not finished).
int num_goroutine();
/// The number of processors of the running scheduler.
int gomaxprocs();
/// The current goroutine's id (main is 1); 0 outside goroutines.
uint64_t goid();

}  // namespace gor
