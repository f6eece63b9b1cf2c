#include "subprogram_table.hpp"

#include "readable_names.hpp"
#include "source_filter.hpp"

#include <llvm/IR/Constants.h>
#include <llvm/IR/GlobalVariable.h>
#include <llvm/IR/InstIterator.h>
#include <llvm/IR/Instructions.h>
#include <llvm/IR/IntrinsicInst.h>
#include <llvm/Support/Regex.h>

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <tuple>
#include <vector>

namespace gorace::instrument {
namespace {

constexpr llvm::StringLiteral kIgnoreAnnotation = "gorace_ignore";
constexpr llvm::StringLiteral kCallerCodeAnnotation = "gorace_caller_code";
constexpr llvm::StringLiteral kGoroutineEntryAnnotation = "gorace_goroutine_entry";

// Calls f(function, annotation) for each function annotated in
// llvm.global.annotations (__attribute__((annotate("..."))) on it).
template <class F>
void for_each_annotated_function(llvm::Module& module, F&& f) {
  llvm::GlobalVariable* annotations = module.getNamedGlobal("llvm.global.annotations");
  if (annotations == nullptr || !annotations->hasInitializer()) return;
  auto* entries = llvm::dyn_cast<llvm::ConstantArray>(annotations->getInitializer());
  if (entries == nullptr) return;
  for (const llvm::Use& entry_use : entries->operands()) {
    auto* entry = llvm::dyn_cast<llvm::ConstantStruct>(entry_use.get());
    if (entry == nullptr || entry->getNumOperands() < 2) continue;
    auto* function = llvm::dyn_cast<llvm::Function>(entry->getOperand(0)->stripPointerCasts());
    auto* text = llvm::dyn_cast<llvm::GlobalVariable>(entry->getOperand(1)->stripPointerCasts());
    if (function == nullptr || text == nullptr || !text->hasInitializer()) continue;
    auto* data = llvm::dyn_cast<llvm::ConstantDataSequential>(text->getInitializer());
    if (data != nullptr && data->isCString()) f(*function, data->getAsCString());
  }
}

}  // namespace

void SubprogramTable::record_closure_variables(llvm::Module& module) {
  for (llvm::Function& function : module) {
    const std::string_view name(function.getName().data(), function.getName().size());
    if (name.substr(0, 3) == "_ZZ") continue;  // a closure nested in one: named through it
    const std::optional<unsigned long> number = namespace_closure_number(name);
    if (!number || closure_variables_.contains(*number)) continue;
    for (const llvm::User* user : function.users()) {
      const auto* call = llvm::dyn_cast<llvm::CallBase>(user);
      if (call == nullptr || call->getCalledOperand() != &function || call->arg_size() == 0)
        continue;
      const auto* variable =
          llvm::dyn_cast<llvm::GlobalVariable>(call->getArgOperand(0)->stripPointerCasts());
      if (variable == nullptr) continue;
      closure_variables_[*number] = readable_variable_name(variable->getName().str());
      break;
    }
  }
}

void SubprogramTable::record_closure_numbers(llvm::Module& module) {
  struct Closure {
    std::string key;
    unsigned line;
    unsigned long number;
  };
  std::map<std::string, std::vector<Closure>> by_scope;
  std::set<std::string> seen;
  for (llvm::Function& function : module) {
    const llvm::DISubprogram* sp = function.getSubprogram();
    if (sp == nullptr) continue;
    const std::string_view name(function.getName().data(), function.getName().size());
    std::optional<ClosureSite> site = closure_site(name);
    if (!site || !seen.insert(site->key).second) continue;  // __invoke shares its operator()'s
    by_scope[site->enclosing].push_back(Closure{site->key, sp->getLine(), site->number});
  }
  for (auto& [scope, closures] : by_scope) {
    std::sort(closures.begin(), closures.end(), [](const Closure& a, const Closure& b) {
      return std::tie(a.line, a.number, a.key) < std::tie(b.line, b.number, b.key);
    });
    for (size_t i = 0; i < closures.size(); ++i) closure_numbers_[closures[i].key] = i + 1;
  }
}

std::string SubprogramTable::readable_function(llvm::StringRef mangled) const {
  const std::string_view name(mangled.data(), mangled.size());
  if (const std::optional<unsigned long> number = namespace_closure_number(name)) {
    auto variable = closure_variables_.find(*number);
    if (variable != closure_variables_.end()) {
      return name_closure_after_variable(readable_function_name(name), *number, variable->second);
    }
  }
  return readable_function_name(name, closure_numbers_);
}

void SubprogramTable::record_module(llvm::Module& module, const PluginOptions& options) {
  std::optional<llvm::Regex> ignore;
  if (!options.ignore_regex.empty()) ignore.emplace(options.ignore_regex);
  record_closure_variables(module);
  record_closure_numbers(module);
  for (llvm::Function& function : module) {
    const llvm::DISubprogram* sp = function.getSubprogram();
    if (sp == nullptr) continue;
    mangled_.try_emplace(sp, function.getName().str());
    if (function.hasFnAttribute(llvm::Attribute::DisableSanitizerInstrumentation) ||
        (ignore && ignore->match(readable_function(function.getName())))) {
      ignored_.insert(sp);
    }
  }
  for_each_annotated_function(module, [&](llvm::Function& function, llvm::StringRef annotation) {
    const llvm::DISubprogram* sp = function.getSubprogram();
    if (sp == nullptr) return;
    if (annotation == kIgnoreAnnotation) ignored_.insert(sp);
    if (annotation == kCallerCodeAnnotation) caller_code_.insert(sp);
    if (annotation == kGoroutineEntryAnnotation) goroutine_entries_.insert(sp);
    if (annotation == kNoSanitizeThreadAnnotation) unchecked_.insert(sp);
  });
}

const std::string& SubprogramTable::readable_name(const llvm::DISubprogram* sp) {
  auto [it, inserted] = readable_.try_emplace(sp);
  if (!inserted) return it->second;
  llvm::StringRef mangled = sp->getLinkageName();
  if (mangled.empty()) {
    auto known = mangled_.find(sp);
    if (known != mangled_.end()) mangled = known->second;
  }
  it->second = mangled.empty() ? sp->getName().str() : readable_function(mangled);
  return it->second;
}

llvm::PreservedAnalyses RecordSubprogramsPass::run(llvm::Module& module,
                                                   llvm::ModuleAnalysisManager&) {
  table_->record_module(module, options_);
  SourceFilter filter(options_, *table_);
  llvm::MDNode* mark = llvm::MDNode::get(module.getContext(), {});
  const unsigned program_kind = module.getContext().getMDKindID(kProgramAccessMetadata);
  bool changed = false;
  for (llvm::Function& function : module) {
    const llvm::DISubprogram* sp = function.getSubprogram();
    if (sp == nullptr) continue;
    const bool runtime = filter.is_runtime_subprogram(sp);
    const bool program = filter.is_program_subprogram(sp);
    if (!runtime && !program) continue;  // a system header's: judged where it is inlined
    for (llvm::Instruction& instruction : llvm::instructions(function)) {
      if (llvm::isa<llvm::LoadInst, llvm::StoreInst, llvm::AtomicRMWInst, llvm::AtomicCmpXchgInst,
                    llvm::MemIntrinsic>(instruction)) {
        if (runtime) {
          instruction.setMetadata(llvm::LLVMContext::MD_nosanitize, mark);
        } else {
          instruction.setMetadata(program_kind, mark);
        }
        changed = true;
      }
    }
  }
  return changed ? llvm::PreservedAnalyses::none() : llvm::PreservedAnalyses::all();
}

}  // namespace gorace::instrument
