#include "libc_calls.hpp"

#include <gor/race_abi.h>
#include <llvm/ADT/StringRef.h>
#include <llvm/IR/Function.h>
#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/Instructions.h>
#include <llvm/Transforms/Utils/BasicBlockUtils.h>

namespace gorace::instrument {

// Where a function's arguments go in __gorace_libc_call (-1: absent).
struct LibcSignature {
  const char* name;
  uint32_t function;    // its __gorace_libc_function
  unsigned parameters;  // fixed parameters (variadic ones come after)
  int a, b, n;
};

namespace {

constexpr LibcSignature kSignatures[] = {
    {"strlen", GORACE_LIBC_STRLEN, 1, 0, -1, -1},
    {"strnlen", GORACE_LIBC_STRNLEN, 2, 0, -1, 1},
    {"strcmp", GORACE_LIBC_STRCMP, 2, 0, 1, -1},
    {"strncmp", GORACE_LIBC_STRNCMP, 3, 0, 1, 2},
    {"strcpy", GORACE_LIBC_STRCPY, 2, 0, 1, -1},
    {"stpcpy", GORACE_LIBC_STPCPY, 2, 0, 1, -1},
    {"strncpy", GORACE_LIBC_STRNCPY, 3, 0, 1, 2},
    {"strcat", GORACE_LIBC_STRCAT, 2, 0, 1, -1},
    {"strncat", GORACE_LIBC_STRNCAT, 3, 0, 1, 2},
    {"strchr", GORACE_LIBC_STRCHR, 2, 0, -1, -1},
    {"strrchr", GORACE_LIBC_STRRCHR, 2, 0, -1, -1},
    {"strstr", GORACE_LIBC_STRSTR, 2, 0, 1, -1},
    {"memchr", GORACE_LIBC_MEMCHR, 3, 0, -1, 2},
    {"memcmp", GORACE_LIBC_MEMCMP, 3, 0, 1, 2},
    {"bcmp", GORACE_LIBC_MEMCMP, 3, 0, 1, 2},
    {"strdup", GORACE_LIBC_STRDUP, 1, 0, -1, -1},
    {"strndup", GORACE_LIBC_STRNDUP, 2, 0, -1, 1},
    {"sprintf", GORACE_LIBC_SPRINTF, 2, 0, -1, -1},
    {"vsprintf", GORACE_LIBC_SPRINTF, 3, 0, -1, -1},
    {"snprintf", GORACE_LIBC_SNPRINTF, 3, 0, -1, 1},
    {"vsnprintf", GORACE_LIBC_SNPRINTF, 4, 0, -1, 1},
    // _FORTIFY_SOURCE forms, where the compiler knows the destination's
    // size: one more argument (the size; sprintf's also a flag).
    {"__strcpy_chk", GORACE_LIBC_STRCPY, 3, 0, 1, -1},
    {"__stpcpy_chk", GORACE_LIBC_STPCPY, 3, 0, 1, -1},
    {"__strncpy_chk", GORACE_LIBC_STRNCPY, 4, 0, 1, 2},
    {"__strcat_chk", GORACE_LIBC_STRCAT, 3, 0, 1, -1},
    {"__strncat_chk", GORACE_LIBC_STRNCAT, 4, 0, 1, 2},
    {"__sprintf_chk", GORACE_LIBC_SPRINTF, 4, 0, -1, -1},
    {"__vsprintf_chk", GORACE_LIBC_SPRINTF, 5, 0, -1, -1},
    {"__snprintf_chk", GORACE_LIBC_SNPRINTF, 5, 0, -1, 1},
    {"__vsnprintf_chk", GORACE_LIBC_SNPRINTF, 6, 0, -1, 1},
    // Output of a string or a buffer (also what the optimizer makes of
    // printf("%s\n", s) and printf("text")).
    {"puts", GORACE_LIBC_PUTS, 1, 0, -1, -1},
    {"fputs", GORACE_LIBC_PUTS, 2, 0, 1, -1},
    {"fwrite", GORACE_LIBC_FWRITE, 4, 0, 3, 1},
    // Input through a buffer.
    {"fread", GORACE_LIBC_FREAD, 4, 0, -1, 1},
    {"fread_unlocked", GORACE_LIBC_FREAD, 4, 0, -1, 1},
    {"__fread_chk", GORACE_LIBC_FREAD, 5, 0, -1, 2},
    {"fgets", GORACE_LIBC_FGETS, 3, 0, -1, -1},
    {"fgets_unlocked", GORACE_LIBC_FGETS, 3, 0, -1, -1},
    {"__fgets_chk", GORACE_LIBC_FGETS, 4, 0, -1, -1},
    // More string functions.
    {"strcasecmp", GORACE_LIBC_STRCASECMP, 2, 0, 1, -1},
    {"strncasecmp", GORACE_LIBC_STRNCASECMP, 3, 0, 1, 2},
    {"strspn", GORACE_LIBC_STRSPN, 2, 0, 1, -1},
    {"strcspn", GORACE_LIBC_STRSPN, 2, 0, 1, -1},
    {"strpbrk", GORACE_LIBC_STRPBRK, 2, 0, 1, -1},
    // Path names, read whole.
    {"open", GORACE_LIBC_PATHS, 2, 0, -1, -1},
    {"open64", GORACE_LIBC_PATHS, 2, 0, -1, -1},
    {"__open_2", GORACE_LIBC_PATHS, 2, 0, -1, -1},
    {"__open64_2", GORACE_LIBC_PATHS, 2, 0, -1, -1},
    {"creat", GORACE_LIBC_PATHS, 2, 0, -1, -1},
    {"fopen", GORACE_LIBC_PATHS, 2, 0, 1, -1},
    {"fopen64", GORACE_LIBC_PATHS, 2, 0, 1, -1},
    {"freopen", GORACE_LIBC_PATHS, 3, 0, 1, -1},
    {"access", GORACE_LIBC_PATHS, 2, 0, -1, -1},
    {"unlink", GORACE_LIBC_PATHS, 1, 0, -1, -1},
    {"remove", GORACE_LIBC_PATHS, 1, 0, -1, -1},
    {"rmdir", GORACE_LIBC_PATHS, 1, 0, -1, -1},
    {"mkdir", GORACE_LIBC_PATHS, 2, 0, -1, -1},
    {"chdir", GORACE_LIBC_PATHS, 1, 0, -1, -1},
    {"opendir", GORACE_LIBC_PATHS, 1, 0, -1, -1},
    {"rename", GORACE_LIBC_PATHS, 2, 0, 1, -1},
    {"truncate", GORACE_LIBC_PATHS, 2, 0, -1, -1},
    // File status into a struct stat.
    {"stat", GORACE_LIBC_STAT, 2, 0, 1, -1},
    {"lstat", GORACE_LIBC_STAT, 2, 0, 1, -1},
    {"stat64", GORACE_LIBC_STAT, 2, 0, 1, -1},
    {"lstat64", GORACE_LIBC_STAT, 2, 0, 1, -1},
    {"fstat", GORACE_LIBC_STAT, 2, -1, 1, -1},
    {"fstat64", GORACE_LIBC_STAT, 2, -1, 1, -1},
    {"realpath", GORACE_LIBC_REALPATH, 2, 0, 1, -1},
    {"localtime_r", GORACE_LIBC_TIME_R, 2, 0, 1, -1},
    {"gmtime_r", GORACE_LIBC_TIME_R, 2, 0, 1, -1},
    // System calls through a buffer: the bytes they return were written
    // (read) or read (write) by the kernel.
    {"read", GORACE_LIBC_READ, 3, 1, -1, 2},
    {"pread", GORACE_LIBC_READ, 4, 1, -1, 2},
    {"pread64", GORACE_LIBC_READ, 4, 1, -1, 2},
    {"recv", GORACE_LIBC_READ, 4, 1, -1, 2},
    {"recvfrom", GORACE_LIBC_READ, 6, 1, -1, 2},
    {"__read_chk", GORACE_LIBC_READ, 4, 1, -1, 2},
    {"__pread_chk", GORACE_LIBC_READ, 5, 1, -1, 2},
    {"__pread64_chk", GORACE_LIBC_READ, 5, 1, -1, 2},
    {"__recv_chk", GORACE_LIBC_READ, 5, 1, -1, 2},
    {"__recvfrom_chk", GORACE_LIBC_READ, 7, 1, -1, 2},
    {"write", GORACE_LIBC_WRITE, 3, 1, -1, 2},
    {"pwrite", GORACE_LIBC_WRITE, 4, 1, -1, 2},
    {"pwrite64", GORACE_LIBC_WRITE, 4, 1, -1, 2},
    {"send", GORACE_LIBC_WRITE, 4, 1, -1, 2},
    {"sendto", GORACE_LIBC_WRITE, 6, 1, -1, 2},
    // The same through an array of struct iovec (n: its length).
    {"readv", GORACE_LIBC_READV, 3, 1, -1, 2},
    {"preadv", GORACE_LIBC_READV, 4, 1, -1, 2},
    {"preadv64", GORACE_LIBC_READV, 4, 1, -1, 2},
    {"writev", GORACE_LIBC_WRITEV, 3, 1, -1, 2},
    {"pwritev", GORACE_LIBC_WRITEV, 4, 1, -1, 2},
    {"pwritev64", GORACE_LIBC_WRITEV, 4, 1, -1, 2},
};

}  // namespace

const LibcSignature* libc_signature_of(const llvm::CallBase& call) {
  const llvm::Function* callee = call.getCalledFunction();
  if (callee == nullptr || !callee->isDeclaration()) return nullptr;
  const llvm::StringRef name = callee->getName();
  for (const LibcSignature& s : kSignatures) {
    if (name != s.name) continue;
    const llvm::FunctionType* type = callee->getFunctionType();
    // The C function, not a user function of the same name: pointer
    // arguments where a, b go and an integer where n goes.
    if (type->getNumParams() != s.parameters) return nullptr;
    auto is_pointer = [&](int i) { return i < 0 || type->getParamType(i)->isPointerTy(); };
    auto is_integer = [&](int i) { return i < 0 || type->getParamType(i)->isIntegerTy(); };
    if (!is_pointer(s.a) || !is_pointer(s.b) || !is_integer(s.n)) return nullptr;
    return &s;
  }
  return nullptr;
}

// Where code that runs after `call` returns goes: right after a call; for
// an invoke (a call in a try block, or in a function that must run cleanups
// when it unwinds), at the start of its normal destination, split off into
// a block of its own when other blocks also branch there. Null if none.
llvm::Instruction* after_call(llvm::CallBase& call) {
  auto* invoke = llvm::dyn_cast<llvm::InvokeInst>(&call);
  if (invoke == nullptr) return call.getNextNode();
  llvm::BasicBlock* normal = invoke->getNormalDest();
  if (normal->getSinglePredecessor() == nullptr) normal = llvm::SplitCriticalEdge(invoke, 0);
  return normal != nullptr ? &*normal->getFirstInsertionPt() : nullptr;
}

bool synchronises(const LibcSignature& signature) {
  switch (signature.function) {
    case GORACE_LIBC_READ:
    case GORACE_LIBC_WRITE:
    case GORACE_LIBC_READV:
    case GORACE_LIBC_WRITEV:
      return true;
    default:
      return false;
  }
}

void instrument_libc_call(llvm::CallBase& call, const LibcSignature& s, const RuntimeAbi& abi,
                          llvm::Constant* location) {
  llvm::Instruction* after = after_call(call);
  if (after == nullptr) return;
  if (s.function == GORACE_LIBC_WRITE || s.function == GORACE_LIBC_WRITEV) {
    // Releases before the data leaves.
    llvm::IRBuilder<>(&call).CreateCall(abi.libc_before,
                                        {llvm::ConstantInt::get(abi.i32, s.function)});
  }
  llvm::IRBuilder<> builder(after);
  llvm::Value* null = llvm::ConstantPointerNull::get(llvm::cast<llvm::PointerType>(abi.ptr));
  auto argument = [&](int i) { return i < 0 ? null : call.getArgOperand(i); };
  llvm::Value* n = s.n < 0 ? llvm::ConstantInt::get(abi.intptr, 0)
                           : builder.CreateZExtOrTrunc(call.getArgOperand(s.n), abi.intptr);
  llvm::Value* result = llvm::ConstantInt::get(abi.intptr, 0);
  llvm::Type* type = call.getType();
  if (type->isPointerTy()) {
    result = builder.CreatePtrToInt(&call, abi.intptr);
  } else if (type->isIntegerTy()) {
    result = builder.CreateSExtOrTrunc(&call, abi.intptr);
  }
  builder.CreateCall(abi.libc_call, {llvm::ConstantInt::get(abi.i32, s.function), argument(s.a),
                                     argument(s.b), n, result, location});
}

}  // namespace gorace::instrument
