// Readable names for report frames and globals, from mangled symbol names.
#ifndef GORACE_INSTRUMENT_READABLE_NAMES_HPP_
#define GORACE_INSTRUMENT_READABLE_NAMES_HPP_

#include <optional>
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

// For the call operator of a lambda defined outside any function in a
// non-inline variable's initialiser ("$_N::operator()", whose number N is
// only the translation unit's count), or of a closure nested in it: N.
// Otherwise nullopt.
std::optional<unsigned long> namespace_closure_number(std::string_view mangled);

// `readable` (readable_function_name() of a name namespace_closure_number()
// gives `number`) with that closure named after the variable it
// initialises, as an inline variable's lambda is: "func2.1" becomes
// "setter.func1.1", "tools.func4" becomes "tools::doubler.func1".
std::string name_closure_after_variable(std::string_view readable, unsigned long number,
                                        std::string_view variable);

// Rewrites lambda components of an already demangled qualified name
// ("f::'lambda0'(int)::operator()" -> "f.func2").
std::string go_style_closure_names(std::string_view qualified);

}  // namespace gorace::instrument

#endif  // GORACE_INSTRUMENT_READABLE_NAMES_HPP_
