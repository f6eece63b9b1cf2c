#include "covered_ranges.hpp"

#include <llvm/ADT/STLExtras.h>
#include <llvm/ADT/SmallVector.h>
#include <llvm/IR/Constants.h>
#include <llvm/IR/InstrTypes.h>
#include <llvm/IR/Instructions.h>
#include <llvm/IR/IntrinsicInst.h>

#include <optional>

namespace gorace::instrument {
namespace {

// A range check: its call, address, constant byte count and kind.
struct RangeCheck {
  llvm::CallBase* call;
  const llvm::Value* address;
  uint64_t bytes;
  bool is_write;
};

class CheckKinds {
 public:
  explicit CheckKinds(const RuntimeAbi& abi) {
    // FunctionCallee's accessors are not const: read copies.
    for (llvm::FunctionCallee callee : abi.read) plain_.push_back(callee.getCallee());
    for (llvm::FunctionCallee callee : abi.write) plain_.push_back(callee.getCallee());
    for (llvm::FunctionCallee callee : {abi.read_range, abi.read_elements})
      reads_.push_back(callee.getCallee());
    for (llvm::FunctionCallee callee : {abi.write_range, abi.write_elements})
      writes_.push_back(callee.getCallee());
  }

  // `call` as a range check with a constant byte count, if it is one.
  std::optional<RangeCheck> range_check(llvm::CallBase& call) const {
    const llvm::Value* callee = call.getCalledOperand();
    const bool is_write = llvm::is_contained(writes_, callee);
    if (!is_write && !llvm::is_contained(reads_, callee)) return std::nullopt;
    const auto* bytes = llvm::dyn_cast<llvm::ConstantInt>(call.getArgOperand(1));
    if (bytes == nullptr) return std::nullopt;
    return RangeCheck{&call, call.getArgOperand(0)->stripPointerCasts(), bytes->getZExtValue(),
                      is_write};
  }

  // Whether `call` cannot synchronise: another access check, or a memory
  // intrinsic (memset, memcpy, memmove) or one that touches no memory.
  bool cannot_synchronise(const llvm::CallBase& call) const {
    if (llvm::is_contained(plain_, call.getCalledOperand())) return true;
    if (llvm::isa<llvm::MemIntrinsic>(call) || llvm::isa<llvm::DbgInfoIntrinsic>(call)) return true;
    if (const auto* intrinsic = llvm::dyn_cast<llvm::IntrinsicInst>(&call))
      return intrinsic->isAssumeLikeIntrinsic();
    return false;
  }

 private:
  llvm::SmallVector<const llvm::Value*, 10> plain_;
  llvm::SmallVector<const llvm::Value*, 2> reads_;
  llvm::SmallVector<const llvm::Value*, 2> writes_;
};

// Whether `later` covers `earlier`: same address, at least its bytes, and
// at least as strong.
bool covers(const RangeCheck& later, const RangeCheck& earlier) {
  return later.address == earlier.address && later.bytes >= earlier.bytes &&
         (later.is_write || !earlier.is_write);
}

}  // namespace

unsigned drop_covered_range_checks(llvm::Function& function, const RuntimeAbi& abi) {
  const CheckKinds kinds(abi);
  llvm::SmallVector<llvm::CallBase*, 8> covered;
  for (llvm::BasicBlock& block : function) {
    // The range checks since the last instruction that may synchronise.
    llvm::SmallVector<RangeCheck, 4> open;
    for (llvm::Instruction& instruction : block) {
      if (instruction.isAtomic() || llvm::isa<llvm::FenceInst>(instruction)) {
        open.clear();
        continue;
      }
      auto* call = llvm::dyn_cast<llvm::CallBase>(&instruction);
      if (call == nullptr) continue;
      if (std::optional<RangeCheck> check = kinds.range_check(*call)) {
        llvm::erase_if(open, [&](const RangeCheck& earlier) {
          if (!covers(*check, earlier)) return false;
          covered.push_back(earlier.call);
          return true;
        });
        open.push_back(*check);
      } else if (!kinds.cannot_synchronise(*call)) {
        open.clear();
      }
    }
  }
  for (llvm::CallBase* call : covered) call->eraseFromParent();
  return static_cast<unsigned>(covered.size());
}

}  // namespace gorace::instrument
