#include "private_copies.hpp"

#include <llvm/ADT/DenseMap.h>
#include <llvm/ADT/SmallPtrSet.h>
#include <llvm/ADT/SmallVector.h>
#include <llvm/IR/Comdat.h>
#include <llvm/IR/Function.h>
#include <llvm/IR/GlobalAlias.h>

#include <string>

namespace gorace::instrument {
namespace {

bool has_odr_linkage(const llvm::GlobalValue& value) {
  return value.hasLinkOnceODRLinkage() || value.hasWeakODRLinkage();
}

// A function definition that may get a private name (before its comdat is
// considered).
bool is_candidate(const llvm::Function& function) {
  if (function.isDeclaration() || !has_odr_linkage(function)) return false;
  const llvm::StringRef name = function.getName();
  return !name.starts_with("__gorace") && !name.starts_with("_ZTW") && !name.starts_with("_ZTH") &&
         !name.ends_with(kPrivateCopySuffix);
}

// The comdat may be renamed: its key is a candidate function, an odr alias
// of one, or no symbol of the module (C5/D5 constructor/destructor groups).
bool comdat_can_follow(const llvm::Comdat& comdat, const llvm::Module& module) {
  const llvm::GlobalValue* key = module.getNamedValue(comdat.getName());
  if (key == nullptr) return true;
  if (const auto* function = llvm::dyn_cast<llvm::Function>(key)) return is_candidate(*function);
  if (const auto* alias = llvm::dyn_cast<llvm::GlobalAlias>(key)) {
    const auto* target = llvm::dyn_cast_or_null<llvm::Function>(alias->getAliaseeObject());
    return has_odr_linkage(*alias) && target != nullptr && is_candidate(*target);
  }
  return false;
}

// Renames `value` and, when other objects may refer to its original weak_odr
// name, keeps that name defined as an alias of the renamed copy.
void rename(llvm::GlobalValue& value, llvm::Module& module) {
  const std::string original = value.getName().str();
  value.setName(original + kPrivateCopySuffix.str());
  if (!value.hasWeakODRLinkage()) return;
  auto* alias =
      llvm::GlobalAlias::create(value.getValueType(), value.getAddressSpace(),
                                llvm::GlobalValue::WeakODRLinkage, original, &value, &module);
  alias->setVisibility(value.getVisibility());
  alias->setDLLStorageClass(value.getDLLStorageClass());
  alias->setUnnamedAddr(value.getUnnamedAddr());
  alias->setDSOLocal(value.isDSOLocal());
}

}  // namespace

unsigned rename_inline_copies(llvm::Module& module) {
  llvm::SmallVector<llvm::Function*, 64> functions;
  llvm::SmallPtrSet<llvm::Comdat*, 32> comdats;
  for (llvm::Function& function : module) {
    if (!is_candidate(function)) continue;
    llvm::Comdat* comdat = function.getComdat();
    if (comdat != nullptr && !comdat_can_follow(*comdat, module)) continue;
    functions.push_back(&function);
    if (comdat != nullptr) comdats.insert(comdat);
  }

  // Each renamed group keeps all its members together (C5 holds C1 and C2).
  llvm::DenseMap<llvm::Comdat*, llvm::Comdat*> renamed_comdats;
  for (llvm::Comdat* comdat : comdats) {
    llvm::Comdat* copy = module.getOrInsertComdat((comdat->getName() + kPrivateCopySuffix).str());
    copy->setSelectionKind(comdat->getSelectionKind());
    renamed_comdats[comdat] = copy;
  }
  for (llvm::GlobalObject& object : module.global_objects()) {
    if (llvm::Comdat* comdat = object.getComdat()) {
      if (auto found = renamed_comdats.find(comdat); found != renamed_comdats.end()) {
        object.setComdat(found->second);
      }
    }
  }

  llvm::SmallPtrSet<const llvm::Function*, 32> renamed;
  for (const llvm::Function* function : functions) renamed.insert(function);
  llvm::SmallVector<llvm::GlobalAlias*, 16> aliases;
  for (llvm::GlobalAlias& alias : module.aliases()) {
    const auto* target = llvm::dyn_cast_or_null<llvm::Function>(alias.getAliaseeObject());
    if (has_odr_linkage(alias) && target != nullptr && renamed.contains(target)) {
      aliases.push_back(&alias);
    }
  }
  for (llvm::GlobalAlias* alias : aliases) rename(*alias, module);
  for (llvm::Function* function : functions) rename(*function, module);
  return static_cast<unsigned>(functions.size());
}

}  // namespace gorace::instrument
