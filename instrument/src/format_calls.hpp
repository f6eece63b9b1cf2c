// Calls of printf-family functions (printf, fprintf, snprintf, their va_list
// and _FORTIFY_SOURCE forms): the strings their %s conversions read are read
// inside the uninstrumented C library, so each call is preceded by
// __gorace_format_args (or __gorace_vformat_args), which walks the format
// with the call's own arguments and checks the bytes it will read. Calls of
// the variadic scanf family (scanf, fscanf, sscanf) are followed by
// __gorace_scan_args, which checks what the conversions they assigned
// stored.
#ifndef GORACE_INSTRUMENT_FORMAT_CALLS_HPP_
#define GORACE_INSTRUMENT_FORMAT_CALLS_HPP_

#include "runtime_abi.hpp"

#include <llvm/IR/Constant.h>
#include <llvm/IR/InstrTypes.h>

namespace gorace::instrument {

// Where a printf-family function's format and arguments are.
struct FormatSignature;

// The signature of the printf-family function `call` calls directly (a
// declaration of that name and shape), or null.
const FormatSignature* format_signature_of(const llvm::CallBase& call);

// Emits, right before `call`, the check of the strings its format reads.
void instrument_format_call(llvm::CallBase& call, const FormatSignature& signature,
                            const RuntimeAbi& abi, llvm::Constant* location);

}  // namespace gorace::instrument

#endif  // GORACE_INSTRUMENT_FORMAT_CALLS_HPP_
