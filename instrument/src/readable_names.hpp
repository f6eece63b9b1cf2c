// Readable names for report frames and globals, from mangled symbol names.
#ifndef GORACE_INSTRUMENT_READABLE_NAMES_HPP_
#define GORACE_INSTRUMENT_READABLE_NAMES_HPP_

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace gorace::instrument {

// The qualified name of a function without parameters or return type, with
// lambdas named as Go names closures: "main::$_0::operator()" and
// "f()::'lambda'()::operator()" become "main.func1" and "f.func1"; a closure
// nested in a closure adds ".N" ("main.func1.1"). Lambdas of non-inline
// functions ($_N) are numbered per translation unit, not per enclosing
// function. Names that are
// not Itanium-mangled (C functions, "main") are returned unchanged.
std::string readable_function_name(std::string_view mangled);

// Closure numbers in source order, by closure: the demangled scope up to
// and including the closure ("main::$_0", "f()::'lambda0'(int)"), see
// closure_site(). The demangler's own numbers count per parameter list
// ([]{} and [](int){} in one function are both #1), and clang's $_N per
// translation unit.
using ClosureNumbers = std::unordered_map<std::string, unsigned long>;

// readable_function_name() with the closures `numbers` knows renumbered.
std::string readable_function_name(std::string_view mangled, const ClosureNumbers& numbers);

// Where the closure whose call operator is `mangled` sits: `key` names it
// in ClosureNumbers, `enclosing` is the scope it is defined in, `number` its
// demangler's number. nullopt for any other function.
struct ClosureSite {
  std::string key;
  std::string enclosing;
  unsigned long number = 0;
};
std::optional<ClosureSite> closure_site(std::string_view mangled);

// The demangled name of a variable ("counter", "ns::table", "main::hits"),
// or the name unchanged when it is not mangled; without the suffix the
// optimizer gives the pieces of a global it splits ("box.0" is "box").
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
std::string go_style_closure_names(std::string_view qualified,
                                   const ClosureNumbers* numbers = nullptr);

}  // namespace gorace::instrument

#endif  // GORACE_INSTRUMENT_READABLE_NAMES_HPP_
