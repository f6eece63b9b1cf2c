// Declarations of the runtime entry points of gor/race_abi.h in a module.
#ifndef GORACE_INSTRUMENT_RUNTIME_ABI_HPP_
#define GORACE_INSTRUMENT_RUNTIME_ABI_HPP_

#include <llvm/IR/DerivedTypes.h>
#include <llvm/IR/Module.h>

#include <array>

namespace gorace::instrument {

// The __gorace_* functions, declared nounwind in `module` on construction.
struct RuntimeAbi {
  explicit RuntimeAbi(llvm::Module& module);

  // Index by log2(size): 1, 2, 4, 8, 16 bytes.
  std::array<llvm::FunctionCallee, 5> read;
  std::array<llvm::FunctionCallee, 5> write;
  llvm::FunctionCallee read_range;
  llvm::FunctionCallee write_range;
  llvm::FunctionCallee atomic_acquire;
  llvm::FunctionCallee atomic_release;
  llvm::FunctionCallee atomic_sync_acquire;
  llvm::FunctionCallee atomic_access;
  llvm::FunctionCallee func_enter;
  llvm::FunctionCallee func_exit;
  llvm::FunctionCallee module_init;
  llvm::FunctionCallee register_globals;

  llvm::Type* ptr;
  llvm::IntegerType* i32;
  llvm::IntegerType* intptr;
};

}  // namespace gorace::instrument

#endif  // GORACE_INSTRUMENT_RUNTIME_ABI_HPP_
