// What the instrumentation needs to know about every function of a module,
// including functions that inlining deletes before the instrumentation runs.
#ifndef GORACE_INSTRUMENT_SUBPROGRAM_TABLE_HPP_
#define GORACE_INSTRUMENT_SUBPROGRAM_TABLE_HPP_

#include <llvm/ADT/DenseMap.h>
#include <llvm/ADT/DenseSet.h>
#include <llvm/IR/DebugInfoMetadata.h>
#include <llvm/IR/Module.h>
#include <llvm/IR/PassManager.h>

#include "plugin_options.hpp"
#include "readable_names.hpp"

#include <memory>
#include <string>
#include <unordered_map>

namespace gorace::instrument {

// The annotation (llvm.global.annotations) that NoSanitizeMarker gives a
// function declared no_sanitize("thread").
inline constexpr llvm::StringLiteral kNoSanitizeThreadAnnotation = "gorace_no_sanitize_thread";

// Maps each function's debug-info subprogram to its readable name, and
// remembers which subprograms must not be instrumented. Line-tables-only
// debug info carries no linkage names, so the names are recorded from the
// functions themselves while they still exist (before inlining).
class SubprogramTable {
 public:
  // Records every function of `module` that has a subprogram; those whose
  // readable name matches `options.ignore_regex` are ignored.
  void record_module(llvm::Module& module, const PluginOptions& options);

  // The readable name ("Account::deposit", "main.func1") of `sp`.
  const std::string& readable_name(const llvm::DISubprogram* sp);

  // True when `sp` belongs to a function annotated
  // __attribute__((annotate("gorace_ignore"))), carrying the
  // disable_sanitizer_instrumentation attribute, or matching
  // -fplugin-arg-gorace-ignore (so its code inlined elsewhere is skipped too).
  bool is_ignored(const llvm::DISubprogram* sp) const { return ignored_.contains(sp); }

  // True when `sp` belongs to a runtime helper annotated
  // __attribute__((annotate("gorace_caller_code"))): code the runtime runs
  // on its caller's behalf (gor::go copying its arguments), checked as the
  // caller's own code and shown in no report (see SourceFilter).
  bool is_caller_code(const llvm::DISubprogram* sp) const { return caller_code_.contains(sp); }

  // True when `sp` belongs to a runtime function annotated
  // __attribute__((annotate("gorace_goroutine_entry"))): it runs a
  // goroutine's task, whose object (its first parameter) is the goroutine's
  // own (see FunctionInstrumenter::may_be_shared).
  bool is_goroutine_entry(const llvm::DISubprogram* sp) const {
    return goroutine_entries_.contains(sp);
  }

  // True when `sp` belongs to a function declared no_sanitize("thread"): its
  // plain accesses are not checked (see NoSanitizeMarker).
  bool is_unchecked(const llvm::DISubprogram* sp) const { return unchecked_.contains(sp); }

 private:
  // The readable name of function `mangled`, namespace-scope closures
  // named after their variables.
  std::string readable_function(llvm::StringRef mangled) const;
  // Records which variable each namespace-scope closure of `module`
  // initialises (see namespace_closure_number): the global its call
  // operator is called on.
  void record_closure_variables(llvm::Module& module);
  // Numbers the closures of `module` in source order within each scope
  // (see ClosureNumbers).
  void record_closure_numbers(llvm::Module& module);

  llvm::DenseMap<const llvm::DISubprogram*, std::string> mangled_;
  // Namespace-scope closure number -> readable name of its variable.
  llvm::DenseMap<unsigned long, std::string> closure_variables_;
  ClosureNumbers closure_numbers_;
  // Node-based: readable_name() hands out references that must stay valid.
  std::unordered_map<const llvm::DISubprogram*, std::string> readable_;
  llvm::DenseSet<const llvm::DISubprogram*> ignored_;
  llvm::DenseSet<const llvm::DISubprogram*> unchecked_;
  llvm::DenseSet<const llvm::DISubprogram*> caller_code_;
  llvm::DenseSet<const llvm::DISubprogram*> goroutine_entries_;
};

// The instruction metadata RecordSubprogramsPass gives the memory accesses
// of the program's own functions (user code and caller code).
inline constexpr llvm::StringLiteral kProgramAccessMetadata = "gorace.program";

// Runs at the start of the pipeline, before inlining: fills the table, marks
// the memory accesses of runtime functions (SourceFilter) !nosanitize and
// those of the program's functions kProgramAccessMetadata (so an access
// the optimizer leaves without a location, a load hoisted out of its loop,
// still tells whose it is; a system header's is judged by where it is).
// The mark survives inlining, and merging two marked instructions keeps it
// while merging unmarked ones drops it; so when the optimizer merges the
// stores of two user callbacks inlined into a runtime template, the merged
// store (whose location is the template's, line 0) is still user code.
class RecordSubprogramsPass : public llvm::PassInfoMixin<RecordSubprogramsPass> {
 public:
  RecordSubprogramsPass(std::shared_ptr<SubprogramTable> table, PluginOptions options)
      : table_(std::move(table)), options_(std::move(options)) {}
  llvm::PreservedAnalyses run(llvm::Module& module, llvm::ModuleAnalysisManager&);
  static bool isRequired() { return true; }

 private:
  std::shared_ptr<SubprogramTable> table_;
  PluginOptions options_;
};

}  // namespace gorace::instrument

#endif  // GORACE_INSTRUMENT_SUBPROGRAM_TABLE_HPP_
