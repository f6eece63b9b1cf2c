// The C library's ways out of a process that skip exit()'s handlers
// (_exit, _Exit, quick_exit), replaced as ThreadSanitizer replaces them: a
// program that ends with one of them after races still prints the summary,
// writes its HTML report and exits with the race status.
#include <stdlib.h>
#include <unistd.h>

#include "real_function.hpp"
#include "report_sink.hpp"
#include "state.hpp"

using gor::detail::race::exit_status_after_races;
using gor::detail::race::real_function_as;

extern "C" {

void _exit(int status) {
  static const auto real = real_function_as<void (*)(int)>("_exit");
  real(exit_status_after_races(status));
  __builtin_unreachable();
}

void _Exit(int status) noexcept {
  static const auto real = real_function_as<void (*)(int)>("_Exit");
  real(exit_status_after_races(status));
  __builtin_unreachable();
}

// Runs the at_quick_exit handlers, then ends the process with the C
// library's own _exit.
void quick_exit(int status) noexcept {
  static const auto real = real_function_as<void (*)(int)>("quick_exit");
  real(exit_status_after_races(status));
  __builtin_unreachable();
}

}  // extern "C"

namespace gor::detail::race {

void link_exit_interception() {}

}  // namespace gor::detail::race
