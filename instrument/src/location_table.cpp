#include "location_table.hpp"

#include "readable_names.hpp"

#include <llvm/IR/Function.h>
#include <llvm/IR/GlobalVariable.h>

namespace gorace::instrument {

LocationTable::LocationTable(llvm::Module& module, SubprogramTable& subprograms,
                             SourceFilter& filter)
    : module_(module), subprograms_(subprograms), filter_(filter) {
  llvm::LLVMContext& context = module.getContext();
  llvm::Type* ptr = llvm::PointerType::getUnqual(context);
  llvm::Type* i32 = llvm::Type::getInt32Ty(context);
  record_type_ = llvm::StructType::get(context, {ptr, ptr, i32, i32, ptr});
}

llvm::Constant* LocationTable::string(llvm::StringRef text) {
  auto [it, inserted] = strings_.try_emplace(text, nullptr);
  if (!inserted) return it->second;
  llvm::Constant* data = llvm::ConstantDataArray::getString(module_.getContext(), text);
  auto* global = new llvm::GlobalVariable(module_, data->getType(), /*isConstant=*/true,
                                          llvm::GlobalValue::PrivateLinkage, data, "__gorace_str");
  global->setUnnamedAddr(llvm::GlobalValue::UnnamedAddr::Global);
  global->setAlignment(llvm::Align(1));
  it->second = global;
  return global;
}

llvm::Constant* LocationTable::record(const std::string& function, const std::string& file,
                                      unsigned line, unsigned column, llvm::Constant* inlined_at) {
  auto key = std::make_tuple(function, file, line, column, inlined_at);
  auto found = records_.find(key);
  if (found != records_.end()) return found->second;
  llvm::LLVMContext& context = module_.getContext();
  llvm::Type* i32 = llvm::Type::getInt32Ty(context);
  llvm::Constant* fields[] = {string(function), string(file), llvm::ConstantInt::get(i32, line),
                              llvm::ConstantInt::get(i32, column),
                              inlined_at != nullptr ? inlined_at
                                                    : llvm::ConstantPointerNull::get(
                                                          llvm::PointerType::getUnqual(context))};
  auto* global = new llvm::GlobalVariable(
      module_, record_type_, /*isConstant=*/true, llvm::GlobalValue::PrivateLinkage,
      llvm::ConstantStruct::get(record_type_, fields), "__gorace_loc");
  global->setAlignment(llvm::Align(8));
  records_.emplace(std::move(key), global);
  return global;
}

llvm::Constant* LocationTable::for_location(const llvm::DILocation* location) {
  auto cached = by_location_.find(location);
  if (cached != by_location_.end()) return cached->second;
  const llvm::SmallVector<const llvm::DILocation*, 8> frames = filter_.reported_frames(location);
  llvm::Constant* result = nullptr;  // built from the outermost frame inwards
  for (auto it = frames.rbegin(); it != frames.rend(); ++it) {
    const llvm::DILocalScope* scope = (*it)->getScope();
    const llvm::DISubprogram* sp = scope != nullptr ? scope->getSubprogram() : nullptr;
    const std::string function = sp != nullptr ? subprograms_.readable_name(sp) : std::string();
    result = record(function, full_path(scope != nullptr ? scope->getFile() : nullptr),
                    (*it)->getLine(), (*it)->getColumn(), result);
  }
  // No frame to show (caller code): a null record, which the runtime reads
  // as the enclosing frame's call site.
  if (result == nullptr)
    result = llvm::ConstantPointerNull::get(llvm::PointerType::getUnqual(module_.getContext()));
  by_location_[location] = result;
  return result;
}

namespace {

// A location for an instruction the optimizer left without one (a load
// hoisted out of its loop): a user's of its value, else the next located
// instruction's in its block.
const llvm::DILocation* borrowed_location(const llvm::Instruction& instruction) {
  for (const llvm::User* user : instruction.users()) {
    if (auto* used_by = llvm::dyn_cast<llvm::Instruction>(user)) {
      if (const llvm::DILocation* location = used_by->getDebugLoc().get()) return location;
    }
  }
  for (const llvm::Instruction* next = instruction.getNextNode(); next != nullptr;
       next = next->getNextNode()) {
    if (const llvm::DILocation* location = next->getDebugLoc().get()) return location;
  }
  return nullptr;
}

}  // namespace

llvm::Constant* LocationTable::for_instruction(const llvm::Instruction& instruction) {
  if (const llvm::DILocation* location = instruction.getDebugLoc().get()) {
    return for_location(location);
  }
  if (const llvm::DILocation* location = borrowed_location(instruction)) {
    return for_location(location);
  }
  const llvm::Function* function = instruction.getFunction();
  auto cached = by_function_.find(function);
  if (cached != by_function_.end()) return cached->second;
  llvm::Constant* result = nullptr;
  if (const llvm::DISubprogram* sp = function->getSubprogram()) {
    result =
        record(subprograms_.readable_name(sp), full_path(sp->getFile()), sp->getLine(), 0, nullptr);
  } else {
    result = record(readable_function_name(function->getName().str()), "", 0, 0, nullptr);
  }
  by_function_[function] = result;
  return result;
}

}  // namespace gorace::instrument
