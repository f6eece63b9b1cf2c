#include "runtime_abi.hpp"

#include <llvm/IR/Attributes.h>
#include <llvm/IR/Function.h>

#include <string>

namespace gorace::instrument {
namespace {

llvm::FunctionCallee declare(llvm::Module& module, llvm::StringRef name, llvm::Type* result,
                             llvm::ArrayRef<llvm::Type*> params, bool variadic = false) {
  llvm::FunctionType* type = llvm::FunctionType::get(result, params, variadic);
  llvm::FunctionCallee callee = module.getOrInsertFunction(name, type);
  if (auto* function = llvm::dyn_cast<llvm::Function>(callee.getCallee())) {
    // The runtime never throws: calls to it need no landing pads, and the
    // escape enumeration must not wrap them.
    function->addFnAttr(llvm::Attribute::NoUnwind);
  }
  return callee;
}

}  // namespace

RuntimeAbi::RuntimeAbi(llvm::Module& module) : module_(&module) {
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
  read_elements = declare(module, "__gorace_read_elements", void_type, {ptr, intptr, intptr, ptr});
  write_elements =
      declare(module, "__gorace_write_elements", void_type, {ptr, intptr, intptr, ptr});
  libc_call =
      declare(module, "__gorace_libc_call", void_type, {i32, ptr, ptr, intptr, intptr, ptr});
  libc_before = declare(module, "__gorace_libc_before", void_type, {i32});
  format_args = declare(module, "__gorace_format_args", void_type, {ptr, ptr}, /*variadic=*/true);
  vformat_args = declare(module, "__gorace_vformat_args", void_type, {ptr, ptr, ptr});
  scan_args =
      declare(module, "__gorace_scan_args", void_type, {ptr, ptr, intptr, ptr}, /*variadic=*/true);
  vptr_update = declare(module, "__gorace_vptr_update", void_type, {ptr, ptr, ptr});
  atomic_acquire = declare(module, "__gorace_atomic_acquire", void_type, {ptr, i32, ptr});
  atomic_release = declare(module, "__gorace_atomic_release", void_type, {ptr, i32, ptr});
  guard_acquired = declare(module, "__gorace_guard_acquired", void_type, {ptr, i32, ptr});
  guard_release = declare(module, "__gorace_guard_release", void_type, {ptr, ptr});
  guard_abort = declare(module, "__gorace_guard_abort", void_type, {ptr});
  atomic_sync_acquire = declare(module, "__gorace_atomic_sync_acquire", void_type, {ptr});
  atomic_access = declare(module, "__gorace_atomic_access", void_type, {ptr, i32, i32, ptr});
  func_enter = declare(module, "__gorace_func_enter", ptr, {});
  func_exit = declare(module, "__gorace_func_exit", void_type, {});
  func_resume = declare(module, "__gorace_func_resume", void_type, {ptr});
  module_init = declare(module, "__gorace_module_init", void_type, {i32});
  register_globals = declare(module, "__gorace_register_globals", void_type, {ptr, intptr});
}

llvm::FunctionCallee RuntimeAbi::atomic_operation(AtomicOperation operation, llvm::StringRef name,
                                                  unsigned bytes) const {
  llvm::LLVMContext& context = module_->getContext();
  llvm::IntegerType* value = llvm::IntegerType::get(context, bytes * 8);
  llvm::Type* void_type = llvm::Type::getVoidTy(context);
  llvm::FunctionType* type = nullptr;
  switch (operation) {
    case AtomicOperation::kLoad:
      type = llvm::FunctionType::get(value, {ptr, i32, ptr}, false);
      break;
    case AtomicOperation::kStore:
      type = llvm::FunctionType::get(void_type, {ptr, value, i32, ptr}, false);
      break;
    case AtomicOperation::kReadModifyWrite:
      type = llvm::FunctionType::get(value, {ptr, value, i32, ptr}, false);
      break;
    case AtomicOperation::kCompareExchange:
      type = llvm::FunctionType::get(value, {ptr, value, value, i32, i32, ptr}, false);
      break;
  }
  const std::string symbol = "__gorace_atomic" + std::to_string(bytes) + "_" + name.str();
  llvm::FunctionCallee callee = declare(*module_, symbol, type->getReturnType(), type->params());
  if (auto* function = llvm::dyn_cast<llvm::Function>(callee.getCallee()); function && bytes < 4) {
    // C passes and returns uint8_t/uint16_t zero-extended.
    if (operation != AtomicOperation::kStore) function->addRetAttr(llvm::Attribute::ZExt);
    for (unsigned i = 0; i < type->getNumParams(); ++i) {
      if (type->getParamType(i) == value) function->addParamAttr(i, llvm::Attribute::ZExt);
    }
  }
  return callee;
}

}  // namespace gorace::instrument
