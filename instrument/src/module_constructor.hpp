// The constructor of every instrumented module: announces the module to the
// runtime and registers its globals.
#ifndef GORACE_INSTRUMENT_MODULE_CONSTRUCTOR_HPP_
#define GORACE_INSTRUMENT_MODULE_CONSTRUCTOR_HPP_

#include "global_sources.hpp"
#include "location_table.hpp"
#include "runtime_abi.hpp"

#include <llvm/IR/Module.h>

namespace gorace::instrument {

// The name of the constructor; its presence marks a module as instrumented.
inline constexpr const char* kModuleConstructorName = "gorace.module_ctor";

// Adds `gorace.module_ctor` to llvm.global_ctors (priority 0, before user
// constructors): it calls __gorace_module_init(GORACE_ABI_VERSION), then
// __gorace_register_globals with a private array of __gorace_global records
// for the module's defined, non-constant, non-thread-local globals (name
// demangled; file and line from debug info or `sources`, else empty / 0).
// Returns the number of globals registered.
unsigned emit_module_constructor(llvm::Module& module, const RuntimeAbi& abi,
                                 LocationTable& strings, const GlobalSources& sources);

}  // namespace gorace::instrument

#endif  // GORACE_INSTRUMENT_MODULE_CONSTRUCTOR_HPP_
