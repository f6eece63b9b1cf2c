// Marks the loads of a lambda's captures, which cannot race.
#ifndef GORACE_INSTRUMENT_CLOSURE_FIELDS_HPP_
#define GORACE_INSTRUMENT_CLOSURE_FIELDS_HPP_

#include <llvm/ADT/StringRef.h>
#include <llvm/IR/Module.h>
#include <llvm/IR/PassManager.h>

namespace gorace::instrument {

// The instruction metadata ClosureFieldsPass gives a capture load; the
// instrumentation skips loads that carry it.
inline constexpr llvm::StringLiteral kClosureFieldMetadata = "gorace.closure_field";

/// Runs at the start of the pipeline, before inlining: in the call operator
/// of every lambda that is not `mutable` (a const member function), gives
/// each load of one of the closure's own fields (a capture: the pointer of
/// a by-reference capture, or a by-value capture of scalar or pointer type)
/// the kClosureFieldMetadata tag. Such a field is written only when the
/// closure is constructed, before the operator can run on it, so its loads
/// cannot race; Go's race instrumentation skips closure fields the same way
/// (they are "read-only once initialized"). What the captures point to, and
/// by-value captures of class type (which may have `mutable` members), are
/// still checked. The tag survives inlining and cloning; an optimization
/// that rebuilds a load drops it, and the load is then checked, as before.
class ClosureFieldsPass : public llvm::PassInfoMixin<ClosureFieldsPass> {
 public:
  llvm::PreservedAnalyses run(llvm::Module& module, llvm::ModuleAnalysisManager&);
  static bool isRequired() { return true; }
};

}  // namespace gorace::instrument

#endif  // GORACE_INSTRUMENT_CLOSURE_FIELDS_HPP_
