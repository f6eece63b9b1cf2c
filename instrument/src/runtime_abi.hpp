// Declarations of the runtime entry points of gor/race_abi.h in a module.
#ifndef GORACE_INSTRUMENT_RUNTIME_ABI_HPP_
#define GORACE_INSTRUMENT_RUNTIME_ABI_HPP_

#include <llvm/ADT/StringRef.h>
#include <llvm/IR/DerivedTypes.h>
#include <llvm/IR/Module.h>

#include <array>

namespace gorace::instrument {

// The __gorace_* functions, declared nounwind in `module` on construction
// (the atomic operations on first use).
struct RuntimeAbi {
  explicit RuntimeAbi(llvm::Module& module);

  // The operations of __gorace_atomicN_<operation> (gor/race_abi.h).
  enum class AtomicOperation { kLoad, kStore, kReadModifyWrite, kCompareExchange };
  // __gorace_atomic<bytes>_<name> (bytes 1, 2, 4 or 8) of kind `operation`;
  // `name` is "load", "store", "compare_exchange" or a read-modify-write's
  // ("exchange", "fetch_add", ...). Its values are zero-extended i8/i16/i32/
  // i64 (as C's uint8_t..uint64_t), its memory orders i32.
  llvm::FunctionCallee atomic_operation(AtomicOperation operation, llvm::StringRef name,
                                        unsigned bytes) const;

  // Index by log2(size): 1, 2, 4, 8, 16 bytes.
  std::array<llvm::FunctionCallee, 5> read;
  std::array<llvm::FunctionCallee, 5> write;
  llvm::FunctionCallee read_range;
  llvm::FunctionCallee write_range;
  // A loop's accesses checked at once: (lowest address, bytes, element size, location).
  llvm::FunctionCallee read_elements;
  llvm::FunctionCallee write_elements;
  // A C library call's accesses: (function, a, b, n, result, location).
  llvm::FunctionCallee libc_call;
  // Before a C library call: (function); a write's release into the I/O clock.
  llvm::FunctionCallee libc_before;
  // Before a printf-family call, the strings its format reads: (format,
  // location, the call's variadic arguments...) or (format, va_list,
  // location).
  llvm::FunctionCallee format_args;
  llvm::FunctionCallee vformat_args;
  llvm::FunctionCallee scan_args;
  // A vtable pointer store: (address, new value, location).
  llvm::FunctionCallee vptr_update;
  llvm::FunctionCallee atomic_acquire;
  llvm::FunctionCallee atomic_release;
  llvm::FunctionCallee atomic_sync_acquire;
  llvm::FunctionCallee atomic_access;
  llvm::FunctionCallee guard_acquired;
  llvm::FunctionCallee guard_release;
  llvm::FunctionCallee guard_abort;
  llvm::FunctionCallee func_enter;
  llvm::FunctionCallee func_exit;
  llvm::FunctionCallee func_resume;  ///< after each return of a setjmp-like call
  llvm::FunctionCallee module_init;
  llvm::FunctionCallee register_globals;

  llvm::Type* ptr;
  llvm::IntegerType* i32;
  llvm::IntegerType* intptr;

 private:
  llvm::Module* module_;
};

}  // namespace gorace::instrument

#endif  // GORACE_INSTRUMENT_RUNTIME_ABI_HPP_
