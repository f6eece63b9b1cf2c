// The C library's ways out of a process that skip exit()'s handlers
// (_exit, _Exit, quick_exit), replaced as ThreadSanitizer replaces them: a
// program that ends with one of them after races still prints the summary,
// writes its HTML report and exits with the race status. _exit and _Exit
// end the process with the exit_group system call, as the C library's do.
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>

#include "real_function.hpp"
#include "report_sink.hpp"
#include "state.hpp"

namespace {

using ExitFn = void (*)(int);

// The C library's quick_exit, resolved when detection starts (dlsym is not
// safe in a fault handler), else at its first call.
std::atomic<ExitFn> g_real_quick_exit{nullptr};

[[noreturn]] void end_process(int status) {
  for (;;) syscall(SYS_exit_group, status);
}

}  // namespace

extern "C" {

void _exit(int status) {
  end_process(gor::detail::race::exit_status_after_races(status));
}

void _Exit(int status) noexcept {
  end_process(gor::detail::race::exit_status_after_races(status));
}

// Runs the at_quick_exit handlers, then ends the process (the C library's
// own _exit).
void quick_exit(int status) noexcept {
  const int final_status = gor::detail::race::exit_status_after_races(status);
  ExitFn real = g_real_quick_exit.load(std::memory_order_acquire);
  if (real == nullptr) real = gor::detail::race::real_function_as<ExitFn>("quick_exit");
  real(final_status);
  end_process(final_status);
}

}  // extern "C"

namespace gor::detail::race {

void link_exit_interception() {
  g_real_quick_exit.store(real_function_as<ExitFn>("quick_exit"), std::memory_order_release);
}

}  // namespace gor::detail::race
