#include "instrument_pass.hpp"

#include "function_instrumenter.hpp"
#include "location_table.hpp"
#include "module_constructor.hpp"
#include "no_speculation.hpp"
#include "private_copies.hpp"
#include "readable_names.hpp"
#include "runtime_abi.hpp"
#include "source_filter.hpp"

#include <llvm/Support/Regex.h>
#include <llvm/Support/raw_ostream.h>

#include <vector>

namespace gorace::instrument {
namespace {

// Functions the pass never touches.
bool is_excluded(const llvm::Function& function, const llvm::Regex* ignore) {
  if (function.isDeclaration() || function.hasAvailableExternallyLinkage()) return true;
  if (function.hasFnAttribute(llvm::Attribute::Naked) ||
      function.hasFnAttribute(llvm::Attribute::DisableSanitizerInstrumentation)) {
    return true;
  }
  if (function.getName().starts_with("__gorace")) return true;
  return ignore != nullptr && ignore->match(readable_function_name(function.getName().str()));
}

}  // namespace

llvm::PreservedAnalyses InstrumentPass::run(llvm::Module& module, llvm::ModuleAnalysisManager&) {
  if (module.getFunction(kModuleConstructorName) != nullptr) return llvm::PreservedAnalyses::all();
  subprograms_->record_module(module, options_);
  const RuntimeAbi abi(module);
  SourceFilter filter(options_, *subprograms_);
  LocationTable locations(module, *subprograms_, filter);
  std::optional<llvm::Regex> ignore;
  if (!options_.ignore_regex.empty()) ignore.emplace(options_.ignore_regex);

  InstrumentStats stats;
  FunctionInstrumenter instrumenter(abi, locations, filter, module.getDataLayout(), stats,
                                    options_.loop_checks);
  std::vector<llvm::Function*> functions;
  for (llvm::Function& function : module) functions.push_back(&function);
  for (llvm::Function* function : functions) {
    if (is_excluded(*function, ignore ? &*ignore : nullptr)) continue;
    instrumenter.run(*function);
  }
  const unsigned globals = emit_module_constructor(module, abi, locations, *global_sources_);
  // Last: the location records above were built from the original names.
  const unsigned renamed = rename_inline_copies(module);
  if (options_.verbose) {
    llvm::errs() << "gorace: " << module.getSourceFileName() << ": " << stats.functions
                 << " functions, " << stats.reads << " reads, " << stats.writes << " writes, "
                 << stats.ranges << " ranges, " << stats.loop_ranges
                 << " loop accesses checked before their loop, " << stats.covered_ranges
                 << " range checks covered by a later one, " << stats.atomics << " atomics, "
                 << stats.call_sites << " call sites, " << globals << " globals, " << renamed
                 << " inline functions renamed\n";
  }
  return llvm::PreservedAnalyses::none();
}

void register_gorace_passes(llvm::PassBuilder& builder, const PluginOptions& options,
                            std::shared_ptr<const GlobalSources> global_sources) {
  auto subprograms = std::make_shared<SubprogramTable>();
  builder.registerPipelineStartEPCallback(
      [subprograms, options](llvm::ModulePassManager& passes, llvm::OptimizationLevel) {
        passes.addPass(RecordSubprogramsPass(subprograms, options));
        passes.addPass(NoSpeculationPass());
      });
  builder.registerOptimizerLastEPCallback(
      [options, subprograms, global_sources](llvm::ModulePassManager& passes,
                                             llvm::OptimizationLevel) {
        passes.addPass(InstrumentPass(options, subprograms, global_sources));
      });
}

}  // namespace gorace::instrument
