#include "closure_fields.hpp"

#include "readable_names.hpp"

#include <llvm/Demangle/Demangle.h>
#include <llvm/IR/Instructions.h>
#include <llvm/IR/Operator.h>

#include <string>

namespace gorace::instrument {
namespace {

// Whether `function` is the call operator of a lambda declared without
// `mutable`: its closure type's operator() is then const, which the
// demangler reports as a function qualifier (a lambda's call operator has
// no ref-qualifier).
bool is_const_lambda_call_operator(const llvm::Function& function) {
  const std::string name = function.getName().str();
  if (!closure_site(name)) return false;
  llvm::ItaniumPartialDemangler demangler;
  if (demangler.partialDemangle(name.c_str())) return false;
  return demangler.hasFunctionQualifiers();
}

// The closure object's address: the first parameter that is not a
// returned aggregate's slot (sret precedes `this` in the Itanium ABI).
const llvm::Argument* closure_parameter(const llvm::Function& function) {
  for (const llvm::Argument& argument : function.args()) {
    if (!argument.hasStructRetAttr())
      return argument.getType()->isPointerTy() ? &argument : nullptr;
  }
  return nullptr;
}

// The local slot the front end spills `closure` to (`this.addr`), if its
// only uses are that one store and loads: a load from it is the closure's
// address again.
const llvm::AllocaInst* closure_slot(const llvm::Argument& closure) {
  for (const llvm::User* user : closure.users()) {
    auto* store = llvm::dyn_cast<llvm::StoreInst>(user);
    if (store == nullptr || store->getValueOperand() != &closure) continue;
    auto* slot = llvm::dyn_cast<llvm::AllocaInst>(store->getPointerOperand());
    if (slot == nullptr) continue;
    for (const llvm::User* slot_user : slot->users()) {
      if (slot_user == store) continue;
      auto* load = llvm::dyn_cast<llvm::LoadInst>(slot_user);
      if (load == nullptr || load->getPointerOperand() != slot) return nullptr;
    }
    return slot;
  }
  return nullptr;
}

bool is_closure_address(const llvm::Value* value, const llvm::Argument& closure,
                        const llvm::AllocaInst* slot) {
  if (value == &closure) return true;
  auto* load = llvm::dyn_cast<llvm::LoadInst>(value);
  return slot != nullptr && load != nullptr && load->getPointerOperand() == slot;
}

// Whether `load` reads a whole field of the closure directly (the front
// end's `getelementptr %closure, ptr %this, 0, k`) of scalar or pointer type.
bool is_capture_load(const llvm::LoadInst& load, const llvm::Argument& closure,
                     const llvm::AllocaInst* slot) {
  if (load.isVolatile() || load.isAtomic()) return false;
  auto* field = llvm::dyn_cast<llvm::GEPOperator>(load.getPointerOperand());
  if (field == nullptr || field->getNumIndices() != 2 ||
      !is_closure_address(field->getPointerOperand(), closure, slot)) {
    return false;
  }
  auto* closure_type = llvm::dyn_cast<llvm::StructType>(field->getSourceElementType());
  auto* first = llvm::dyn_cast<llvm::ConstantInt>(field->getOperand(1));
  auto* index = llvm::dyn_cast<llvm::ConstantInt>(field->getOperand(2));
  if (closure_type == nullptr || first == nullptr || !first->isZero() || index == nullptr ||
      index->getZExtValue() >= closure_type->getNumElements()) {
    return false;
  }
  llvm::Type* field_type =
      closure_type->getElementType(static_cast<unsigned>(index->getZExtValue()));
  return field_type == load.getType() && !field_type->isAggregateType();
}

}  // namespace

llvm::PreservedAnalyses ClosureFieldsPass::run(llvm::Module& module, llvm::ModuleAnalysisManager&) {
  bool changed = false;
  llvm::LLVMContext& context = module.getContext();
  const unsigned kind = context.getMDKindID(kClosureFieldMetadata);
  llvm::MDNode* tag = llvm::MDNode::get(context, {});
  for (llvm::Function& function : module) {
    if (function.isDeclaration() || !is_const_lambda_call_operator(function)) continue;
    const llvm::Argument* closure = closure_parameter(function);
    if (closure == nullptr) continue;
    const llvm::AllocaInst* slot = closure_slot(*closure);
    for (llvm::BasicBlock& block : function) {
      for (llvm::Instruction& instruction : block) {
        auto* load = llvm::dyn_cast<llvm::LoadInst>(&instruction);
        if (load == nullptr || !is_capture_load(*load, *closure, slot)) continue;
        load->setMetadata(kind, tag);
        changed = true;
      }
    }
  }
  return changed ? llvm::PreservedAnalyses::none() : llvm::PreservedAnalyses::all();
}

}  // namespace gorace::instrument
