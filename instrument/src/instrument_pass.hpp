// The module pass that instruments a module for the race detector.
#ifndef GORACE_INSTRUMENT_INSTRUMENT_PASS_HPP_
#define GORACE_INSTRUMENT_INSTRUMENT_PASS_HPP_

#include "global_sources.hpp"
#include "plugin_options.hpp"
#include "subprogram_table.hpp"

#include <llvm/IR/PassManager.h>
#include <llvm/Passes/PassBuilder.h>

#include <memory>

namespace gorace::instrument {

// Instruments every function of a module (see function_instrumenter.hpp),
// adds the module constructor (module_constructor.hpp) and gives inline
// functions private names (private_copies.hpp). Runs once per
// module: a module that already has the constructor is left alone.
class InstrumentPass : public llvm::PassInfoMixin<InstrumentPass> {
 public:
  InstrumentPass(PluginOptions options, std::shared_ptr<SubprogramTable> subprograms,
                 std::shared_ptr<const GlobalSources> global_sources)
      : options_(std::move(options)),
        subprograms_(std::move(subprograms)),
        global_sources_(std::move(global_sources)) {}

  llvm::PreservedAnalyses run(llvm::Module& module, llvm::ModuleAnalysisManager&);
  // Runs at -O0 too (not skipped by optnone).
  static bool isRequired() { return true; }

 private:
  PluginOptions options_;
  std::shared_ptr<SubprogramTable> subprograms_;
  std::shared_ptr<const GlobalSources> global_sources_;
};

// Registers the passes with a pass builder: RecordSubprogramsPass at the
// pipeline start and InstrumentPass at the optimizer's last extension point
// (both are invoked at every optimisation level, -O0 included).
void register_gorace_passes(llvm::PassBuilder& builder, const PluginOptions& options,
                            std::shared_ptr<const GlobalSources> global_sources);

}  // namespace gorace::instrument

#endif  // GORACE_INSTRUMENT_INSTRUMENT_PASS_HPP_
