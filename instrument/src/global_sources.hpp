// Where each global variable of a translation unit is declared, recorded
// from the AST (line-tables-only debug info does not describe variables).
#ifndef GORACE_INSTRUMENT_GLOBAL_SOURCES_HPP_
#define GORACE_INSTRUMENT_GLOBAL_SOURCES_HPP_

#include <llvm/ADT/StringMap.h>

#include <string>

namespace gorace::instrument {

// A declaration's position: absolute file path and line.
struct SourcePosition {
  std::string file;
  unsigned line = 0;
};

// Symbol name (mangled as in the IR) -> declaration position.
using GlobalSources = llvm::StringMap<SourcePosition>;

}  // namespace gorace::instrument

#endif  // GORACE_INSTRUMENT_GLOBAL_SOURCES_HPP_
