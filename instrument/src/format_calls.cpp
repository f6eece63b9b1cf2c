#include "format_calls.hpp"

#include <llvm/ADT/SmallVector.h>
#include <llvm/ADT/StringRef.h>
#include <llvm/IR/Function.h>
#include <llvm/IR/IRBuilder.h>

#include "libc_calls.hpp"

namespace gorace::instrument {

// A printf- or scanf-family function: its fixed parameters, the format's
// position, the va_list's (-1 for a variadic function, whose arguments
// follow the fixed ones), and for the scanf family (`scan`) the input
// string's (-1: a stream).
struct FormatSignature {
  const char* name;
  unsigned parameters;
  unsigned format;
  int va_list;
  bool scan = false;
  int input = -1;
};

namespace {

constexpr FormatSignature kSignatures[] = {
    {"printf", 1, 0, -1},
    {"fprintf", 2, 1, -1},
    {"dprintf", 2, 1, -1},
    {"sprintf", 2, 1, -1},
    {"snprintf", 3, 2, -1},
    {"asprintf", 2, 1, -1},
    {"vprintf", 2, 0, 1},
    {"vfprintf", 3, 1, 2},
    {"vdprintf", 3, 1, 2},
    {"vsprintf", 3, 1, 2},
    {"vsnprintf", 4, 2, 3},
    {"vasprintf", 3, 1, 2},
    // _FORTIFY_SOURCE forms: a flag (and for the buffer forms a size) more.
    {"__printf_chk", 2, 1, -1},
    {"__fprintf_chk", 3, 2, -1},
    {"__dprintf_chk", 3, 2, -1},
    {"__sprintf_chk", 4, 3, -1},
    {"__snprintf_chk", 5, 4, -1},
    {"__asprintf_chk", 3, 2, -1},
    {"__vprintf_chk", 3, 1, 2},
    {"__vfprintf_chk", 4, 2, 3},
    {"__vdprintf_chk", 4, 2, 3},
    {"__vsprintf_chk", 5, 3, 4},
    {"__vsnprintf_chk", 6, 4, 5},
    {"__vasprintf_chk", 4, 2, 3},
    // The scanf family, variadic forms only: the va_list a v-form consumed
    // cannot be walked again after the call.
    {"scanf", 1, 0, -1, true},
    {"fscanf", 2, 1, -1, true},
    {"sscanf", 2, 1, -1, true, 0},
    {"__isoc99_scanf", 1, 0, -1, true},
    {"__isoc99_fscanf", 2, 1, -1, true},
    {"__isoc99_sscanf", 2, 1, -1, true, 0},
};

}  // namespace

const FormatSignature* format_signature_of(const llvm::CallBase& call) {
  const llvm::Function* callee = call.getCalledFunction();
  if (callee == nullptr || !callee->isDeclaration()) return nullptr;
  const llvm::StringRef name = callee->getName();
  for (const FormatSignature& s : kSignatures) {
    if (name != s.name) continue;
    // The C function, not a user function of the same name: its fixed
    // parameters, variadic exactly when it takes no va_list, and pointers
    // where the format and the va_list go.
    const llvm::FunctionType* type = callee->getFunctionType();
    if (type->getNumParams() != s.parameters || type->isVarArg() != (s.va_list < 0) ||
        !type->getParamType(s.format)->isPointerTy() ||
        (s.va_list >= 0 && !type->getParamType(static_cast<unsigned>(s.va_list))->isPointerTy())) {
      return nullptr;
    }
    return &s;
  }
  return nullptr;
}

namespace {

// After a scanf-family `call`: __gorace_scan_args(format, input, result,
// location, <the call's variadic arguments>), the pointers it stored into.
void instrument_scan_call(llvm::CallBase& call, const FormatSignature& s, const RuntimeAbi& abi,
                          llvm::Constant* location) {
  llvm::Instruction* after = after_call(call);
  if (after == nullptr) return;
  llvm::IRBuilder<> builder(after);
  llvm::Value* input = s.input >= 0
                           ? call.getArgOperand(static_cast<unsigned>(s.input))
                           : llvm::ConstantPointerNull::get(llvm::cast<llvm::PointerType>(abi.ptr));
  llvm::SmallVector<llvm::Value*, 8> arguments{
      call.getArgOperand(s.format), input, builder.CreateSExtOrTrunc(&call, abi.intptr), location};
  for (unsigned i = s.parameters; i < call.arg_size(); i++)
    arguments.push_back(call.getArgOperand(i));
  builder.CreateCall(abi.scan_args, arguments);
}

}  // namespace

void instrument_format_call(llvm::CallBase& call, const FormatSignature& s, const RuntimeAbi& abi,
                            llvm::Constant* location) {
  if (s.scan) {
    instrument_scan_call(call, s, abi, location);
    return;
  }
  llvm::IRBuilder<> builder(&call);
  llvm::Value* format = call.getArgOperand(s.format);
  if (s.va_list >= 0) {
    builder.CreateCall(abi.vformat_args,
                       {format, call.getArgOperand(static_cast<unsigned>(s.va_list)), location});
    return;
  }
  // The variadic arguments as the call passes them (promoted, with their
  // attributes), after (format, location).
  llvm::SmallVector<llvm::Value*, 8> arguments{format, location};
  llvm::SmallVector<llvm::AttributeSet, 8> attributes{llvm::AttributeSet(), llvm::AttributeSet()};
  const llvm::AttributeList call_attributes = call.getAttributes();
  for (unsigned i = s.parameters; i < call.arg_size(); i++) {
    arguments.push_back(call.getArgOperand(i));
    attributes.push_back(call_attributes.getParamAttrs(i));
  }
  llvm::CallInst* check = builder.CreateCall(abi.format_args, arguments);
  check->setAttributes(llvm::AttributeList::get(call.getContext(), llvm::AttributeSet(),
                                                llvm::AttributeSet(), attributes));
}

}  // namespace gorace::instrument
