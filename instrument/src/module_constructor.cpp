#include "module_constructor.hpp"

#include "readable_names.hpp"
#include "source_filter.hpp"

#include <gor/race_abi.h>

#include <llvm/IR/DebugInfoMetadata.h>
#include <llvm/IR/IRBuilder.h>
#include <llvm/Transforms/Utils/ModuleUtils.h>

#include <vector>

namespace gorace::instrument {
namespace {

// Whether `global` is program data that goroutines may share.
bool is_registrable(const llvm::GlobalVariable& global) {
  if (global.isDeclaration() || global.isConstant() || global.isThreadLocal()) return false;
  if (global.getAddressSpace() != 0) return false;
  const llvm::StringRef name = global.getName();
  if (name.starts_with("llvm.") || name.starts_with("__gorace") || name.starts_with("__llvm") ||
      name.starts_with("_ZGV")) {
    return false;
  }
  if (global.getSection() == "llvm.metadata") return false;
  // A local symbol in a COMDAT may be discarded at link time; a reference
  // from outside its group would then dangle.
  if (global.hasLocalLinkage() && global.hasComdat()) return false;
  return global.getValueType()->isSized();
}

}  // namespace

unsigned emit_module_constructor(llvm::Module& module, const RuntimeAbi& abi,
                                 LocationTable& strings, const GlobalSources& sources) {
  llvm::LLVMContext& context = module.getContext();
  const llvm::DataLayout& layout = module.getDataLayout();
  llvm::Type* i64 = llvm::Type::getInt64Ty(context);
  llvm::StructType* record_type =
      llvm::StructType::get(context, {abi.ptr, i64, abi.ptr, abi.ptr, abi.i32});
  std::vector<llvm::GlobalVariable*> globals;
  for (llvm::GlobalVariable& global : module.globals()) {
    if (is_registrable(global) && layout.getTypeAllocSize(global.getValueType()) > 0) {
      globals.push_back(&global);
    }
  }
  std::vector<llvm::Constant*> records;
  for (llvm::GlobalVariable* global : globals) {
    SourcePosition position;
    llvm::SmallVector<llvm::DIGlobalVariableExpression*, 1> debug_info;
    global->getDebugInfo(debug_info);
    if (!debug_info.empty()) {
      const llvm::DIGlobalVariable* variable = debug_info.front()->getVariable();
      position = {full_path(variable->getFile()), variable->getLine()};
    } else if (auto known = sources.find(global->getName()); known != sources.end()) {
      position = known->second;
    }
    llvm::Constant* fields[] = {
        global, llvm::ConstantInt::get(i64, layout.getTypeAllocSize(global->getValueType())),
        strings.string(readable_variable_name(global->getName().str())),
        strings.string(position.file), llvm::ConstantInt::get(abi.i32, position.line)};
    records.push_back(llvm::ConstantStruct::get(record_type, fields));
  }

  auto* constructor =
      llvm::Function::Create(llvm::FunctionType::get(llvm::Type::getVoidTy(context), false),
                             llvm::GlobalValue::InternalLinkage, kModuleConstructorName, module);
  constructor->addFnAttr(llvm::Attribute::NoUnwind);
  llvm::IRBuilder<> builder(llvm::BasicBlock::Create(context, "entry", constructor));
  builder.CreateCall(abi.module_init, {llvm::ConstantInt::get(abi.i32, GORACE_ABI_VERSION)});
  if (!records.empty()) {
    auto* array_type = llvm::ArrayType::get(record_type, records.size());
    auto* array = new llvm::GlobalVariable(
        module, array_type, /*isConstant=*/true, llvm::GlobalValue::PrivateLinkage,
        llvm::ConstantArray::get(array_type, records), "__gorace_globals");
    builder.CreateCall(abi.register_globals,
                       {array, llvm::ConstantInt::get(abi.intptr, records.size())});
  }
  builder.CreateRetVoid();
  llvm::appendToGlobalCtors(module, constructor, /*Priority=*/0);
  return static_cast<unsigned>(records.size());
}

}  // namespace gorace::instrument
