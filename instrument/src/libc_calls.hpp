// Calls of C library string and formatting functions (strlen, strcpy,
// strcmp, memchr, snprintf, ...): their accesses run inside the
// uninstrumented C library, so each call is followed by
// __gorace_libc_call, which checks the bytes it read and wrote.
#ifndef GORACE_INSTRUMENT_LIBC_CALLS_HPP_
#define GORACE_INSTRUMENT_LIBC_CALLS_HPP_

#include "runtime_abi.hpp"

#include <llvm/IR/Constant.h>
#include <llvm/IR/InstrTypes.h>

#include <cstdint>

namespace gorace::instrument {

// The __gorace_libc_function (gor/race_abi.h) that `call` calls, or 0 when
// it calls none of them: a direct call of the C library function by its
// name and signature (a function this module only declares).
uint32_t libc_function_of(const llvm::CallBase& call);

// Emits the check of `call` (a call of `function`) right after it; calls
// that may throw (invokes) are left alone: C functions do not.
void instrument_libc_call(llvm::CallBase& call, uint32_t function, const RuntimeAbi& abi,
                          llvm::Constant* location);

}  // namespace gorace::instrument

#endif  // GORACE_INSTRUMENT_LIBC_CALLS_HPP_
