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

// Which C library function a call calls, and where its arguments go in
// __gorace_libc_call.
struct LibcSignature;

// The signature of the C library function `call` calls, or null when it
// calls none of them: a direct call of the function by its name and
// signature (a function this module only declares).
const LibcSignature* libc_signature_of(const llvm::CallBase& call);

// Whether calls of `signature`'s function synchronise (reads and writes of
// a descriptor, through the I/O clock): they are instrumented even when the
// buffer is private.
bool synchronises(const LibcSignature& signature);

// Where code that runs after `call` returns goes: right after a call; for
// an invoke, at the start of its normal destination (split off when other
// blocks also branch there). Null if none.
llvm::Instruction* after_call(llvm::CallBase& call);

// Emits the check of `call` (a call of `signature`'s function) right after
// it (an invoke's: where it returns normally), and before a write-family
// call its release into the I/O clock (__gorace_libc_before).
void instrument_libc_call(llvm::CallBase& call, const LibcSignature& signature,
                          const RuntimeAbi& abi, llvm::Constant* location);

}  // namespace gorace::instrument

#endif  // GORACE_INSTRUMENT_LIBC_CALLS_HPP_
