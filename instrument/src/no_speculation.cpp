#include "no_speculation.hpp"

#include <llvm/IR/Attributes.h>
#include <llvm/IR/Function.h>

namespace gorace::instrument {

llvm::PreservedAnalyses NoSpeculationPass::run(llvm::Module& module, llvm::ModuleAnalysisManager&) {
  bool changed = false;
  for (llvm::Function& function : module) {
    if (function.isDeclaration() || function.hasFnAttribute(llvm::Attribute::SanitizeThread))
      continue;
    function.addFnAttr(llvm::Attribute::SanitizeThread);
    changed = true;
  }
  return changed ? llvm::PreservedAnalyses::none() : llvm::PreservedAnalyses::all();
}

}  // namespace gorace::instrument
