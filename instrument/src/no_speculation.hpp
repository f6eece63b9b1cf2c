// Keeps the optimizer from making accesses the program does not make.
#ifndef GORACE_INSTRUMENT_NO_SPECULATION_HPP_
#define GORACE_INSTRUMENT_NO_SPECULATION_HPP_

#include <llvm/IR/Module.h>
#include <llvm/IR/PassManager.h>

namespace gorace::instrument {

/// Runs at the start of the pipeline: gives every function defined in the
/// module the sanitize_thread attribute, as -fsanitize=thread does. LLVM's
/// optimizer then neither speculates loads (`y == 1 && x == 1` evaluated as
/// one branch-free expression that always loads x) nor introduces stores
/// (a loop's variable promoted to a register and stored on every path):
/// once instrumented, such accesses would be races the program never has.
/// Without ThreadSanitizer's own pass the attribute does nothing else; all
/// functions of the module carry it, so inlining between them is unchanged.
class NoSpeculationPass : public llvm::PassInfoMixin<NoSpeculationPass> {
 public:
  llvm::PreservedAnalyses run(llvm::Module& module, llvm::ModuleAnalysisManager&);
};

}  // namespace gorace::instrument

#endif  // GORACE_INSTRUMENT_NO_SPECULATION_HPP_
