#include "runtime_abi.hpp"

#include <llvm/IR/Attributes.h>
#include <llvm/IR/Function.h>

#include <string>

namespace gorace::instrument {
namespace {

llvm::FunctionCallee declare(llvm::Module& module, llvm::StringRef name, llvm::Type* result,
                             llvm::ArrayRef<llvm::Type*> params) {
  llvm::FunctionType* type = llvm::FunctionType::get(result, params, /*isVarArg=*/false);
  llvm::FunctionCallee callee = module.getOrInsertFunction(name, type);
  if (auto* function = llvm::dyn_cast<llvm::Function>(callee.getCallee())) {
    // The runtime never throws: calls to it need no landing pads, and the
    // escape enumeration must not wrap them.
    function->addFnAttr(llvm::Attribute::NoUnwind);
  }
  return callee;
}

}  // namespace

RuntimeAbi::RuntimeAbi(llvm::Module& module) {
  llvm::LLVMContext& context = module.getContext();
  ptr = llvm::PointerType::getUnqual(context);
  i32 = llvm::Type::getInt32Ty(context);
  intptr = module.getDataLayout().getIntPtrType(context);
  llvm::Type* void_type = llvm::Type::getVoidTy(context);
  for (unsigned i = 0; i < read.size(); ++i) {
    const std::string size = std::to_string(1u << i);
    read[i] = declare(module, "__gorace_read" + size, void_type, {ptr, ptr});
    write[i] = declare(module, "__gorace_write" + size, void_type, {ptr, ptr});
  }
  read_range = declare(module, "__gorace_read_range", void_type, {ptr, intptr, ptr});
  write_range = declare(module, "__gorace_write_range", void_type, {ptr, intptr, ptr});
  atomic_acquire = declare(module, "__gorace_atomic_acquire", void_type, {ptr, i32, ptr});
  atomic_release = declare(module, "__gorace_atomic_release", void_type, {ptr, i32, ptr});
  atomic_sync_acquire = declare(module, "__gorace_atomic_sync_acquire", void_type, {ptr});
  atomic_access = declare(module, "__gorace_atomic_access", void_type, {ptr, i32, i32, ptr});
  func_enter = declare(module, "__gorace_func_enter", ptr, {});
  func_exit = declare(module, "__gorace_func_exit", void_type, {});
  module_init = declare(module, "__gorace_module_init", void_type, {i32});
  register_globals = declare(module, "__gorace_register_globals", void_type, {ptr, intptr});
}

}  // namespace gorace::instrument
