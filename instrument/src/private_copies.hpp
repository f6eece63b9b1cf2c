// Gives the instrumented copies of inline functions symbol names of their own,
// so that code compiled without the plugin (the gorace runtime above all)
// never runs them.
#ifndef GORACE_INSTRUMENT_PRIVATE_COPIES_HPP_
#define GORACE_INSTRUMENT_PRIVATE_COPIES_HPP_

#include <llvm/ADT/StringRef.h>
#include <llvm/IR/Module.h>

namespace gorace::instrument {

// Appended to the symbol name of each renamed function, alias and comdat.
// '.' is valid in ELF symbol names and in the assembler's symbol syntax (LLVM's
// own clones use it: ".cold", ".llvm.N"); demanglers show it as
// "[clone .gorace]".
inline constexpr llvm::StringLiteral kPrivateCopySuffix = ".gorace";

// Why: the linker keeps ONE definition per linkonce_odr/weak_odr symbol (one
// copy per COMDAT group). Without renaming, the runtime's calls to inline
// functions it shares with user code (std::string, std::vector, ...) may run
// the user's instrumented copy, and runtime-internal work is then reported
// as goroutine accesses.
//
// What: every linkonce_odr/weak_odr function DEFINITION of the module gets
// kPrivateCopySuffix appended, together with
//  - its COMDAT, when the comdat is keyed by a renamed function or by no
//    symbol at all (the C5/D5 comdats of constructors/destructors): a new
//    comdat "<name>.gorace" with the same selection kind receives every
//    global object of the old one (variables keep their names);
//  - the linkonce_odr/weak_odr aliases of renamed functions (C1 -> C2).
// Instrumented translation units thus share one instrumented copy among
// themselves, while objects compiled without the plugin bind to the original
// names and keep their uninstrumented copies.
//
// Left alone: declarations and available_externally functions (they refer to
// the external symbol), variables (static locals, guard variables and
// template static members keep one identity across all objects), vtables and
// typeinfo (they may point at renamed functions), "__gorace*" functions,
// thread_local wrappers and init functions (_ZTW/_ZTH, referenced by name
// from other objects), and functions in a comdat keyed by a symbol that is
// not renamed (e.g. a variable's: the linker could discard the group).
//
// weak_odr definitions (explicit template instantiations) may be the only
// definition that other objects' declarations (extern template) refer to: the
// original name stays defined as a weak_odr alias of the renamed copy.
//
// Contract: a function's address differs between instrumented and
// uninstrumented objects (each takes its own copy's); within one kind of
// object it is unique. Returns the number of functions renamed.
unsigned rename_inline_copies(llvm::Module& module);

}  // namespace gorace::instrument

#endif  // GORACE_INSTRUMENT_PRIVATE_COPIES_HPP_
