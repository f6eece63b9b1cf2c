// Readable names for report frames and globals, from mangled symbol names.
#ifndef GORACE_INSTRUMENT_READABLE_NAMES_HPP_
#define GORACE_INSTRUMENT_READABLE_NAMES_HPP_

#include <string>
#include <string_view>

namespace gorace::instrument {

// The qualified name of a function without parameters or return type, with
// lambdas named as Go names closures: "main::$_0::operator()" and
// "f()::'lambda'()::operator()" become "main.func1" and "f.func1"; a closure
// nested in a closure adds ".N" ("main.func1.1"). Lambdas of non-inline
// functions ($_N) are numbered per translation unit, not per enclosing
// function. Names that are
// not Itanium-mangled (C functions, "main") are returned unchanged.
std::string readable_function_name(std::string_view mangled);

// The demangled name of a variable ("counter", "ns::table", "main::hits"),
// or the name unchanged when it is not mangled.
std::string readable_variable_name(std::string_view mangled);

// Rewrites lambda components of an already demangled qualified name
// ("f::'lambda0'(int)::operator()" -> "f.func2").
std::string go_style_closure_names(std::string_view qualified);

}  // namespace gorace::instrument

#endif  // GORACE_INSTRUMENT_READABLE_NAMES_HPP_
