#include "loop_ranges.hpp"

#include <llvm/ADT/DenseMap.h>
#include <llvm/ADT/MapVector.h>
#include <llvm/ADT/STLExtras.h>
#include <llvm/ADT/SmallPtrSet.h>
#include <llvm/Analysis/AssumptionCache.h>
#include <llvm/Analysis/LoopInfo.h>
#include <llvm/Analysis/ScalarEvolution.h>
#include <llvm/Analysis/ScalarEvolutionExpressions.h>
#include <llvm/Analysis/TargetLibraryInfo.h>
#include <llvm/IR/Dominators.h>
#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/Instructions.h>
#include <llvm/IR/IntrinsicInst.h>
#include <llvm/TargetParser/Triple.h>
#include <llvm/Transforms/Utils/LoopUtils.h>
#include <llvm/Transforms/Utils/ScalarEvolutionExpander.h>

#include <map>
#include <optional>
#include <tuple>

namespace gorace::instrument {
namespace {

// Whether `instruction` leaves a loop unable to synchronise or to leave
// other than through its exit test: no calls but intrinsics that neither
// touch memory nor unwind, no atomics or fences, nothing volatile.
bool is_inert(const llvm::Instruction& instruction) {
  if (auto* call = llvm::dyn_cast<llvm::CallBase>(&instruction)) {
    auto* intrinsic = llvm::dyn_cast<llvm::IntrinsicInst>(call);
    if (intrinsic == nullptr) return false;
    return intrinsic->isAssumeLikeIntrinsic() ||
           (!intrinsic->mayReadOrWriteMemory() && !intrinsic->mayThrow() &&
            intrinsic->willReturn());
  }
  if (instruction.isAtomic()) return false;
  if (auto* load = llvm::dyn_cast<llvm::LoadInst>(&instruction)) return !load->isVolatile();
  if (auto* store = llvm::dyn_cast<llvm::StoreInst>(&instruction)) return !store->isVolatile();
  return true;
}

// Whether every iteration of `loop` runs to its latch, its only exit, with
// nothing in it that could synchronise. Then, entered from a preheader, the
// blocks that dominate the latch run exactly (backedge-taken count + 1)
// times, all in one epoch of the goroutine.
bool has_simple_body(const llvm::Loop& loop) {
  const llvm::BasicBlock* latch = loop.getLoopLatch();
  if (latch == nullptr || loop.getExitingBlock() != latch) return false;
  for (const llvm::BasicBlock* block : loop.blocks()) {
    for (const llvm::Instruction& instruction : *block) {
      if (!is_inert(instruction)) return false;
    }
  }
  return true;
}

// The loop whose every iteration runs `access`, if its body is simple.
llvm::Loop* simple_loop_of(llvm::Instruction* access, llvm::LoopInfo& loops,
                           llvm::DominatorTree& dominators,
                           llvm::DenseMap<const llvm::Loop*, bool>& simple) {
  llvm::Loop* loop = loops.getLoopFor(access->getParent());
  if (loop == nullptr) return nullptr;
  auto [it, inserted] = simple.try_emplace(loop, false);
  if (inserted) it->second = has_simple_body(*loop);
  if (!it->second || !dominators.dominates(access->getParent(), loop->getLoopLatch())) {
    return nullptr;
  }
  return loop;
}

// A plain load or store run on every iteration of a simple loop, its
// address an affine recurrence of that loop with a constant step.
struct Candidate {
  llvm::Instruction* access;
  llvm::Loop* loop;
  const llvm::SCEVAddRecExpr* address;
  int64_t stride;
  uint64_t size;
  bool is_write;
};

// One range check: the accesses of `covered`, which together touch every
// byte of [lowest, lowest + (backedges + 1) * |stride|).
struct RangeCheck {
  llvm::Loop* loop;
  const llvm::SCEV* lowest;
  const llvm::SCEV* backedges;
  uint64_t stride;   // |step| of the addresses
  uint64_t element;  // bytes per access
  bool is_write;
  llvm::Instruction* named;  // the access whose location the check names
  llvm::SmallVector<llvm::Instruction*, 4> covered;
};

class RangeFinder {
 public:
  RangeFinder(llvm::Function& function, llvm::DominatorTree& dominators, llvm::LoopInfo& loops,
              const llvm::DataLayout& layout)
      : library_impl_(llvm::Triple(function.getParent()->getTargetTriple())),
        library_(library_impl_, &function),
        assumptions_(function),
        evolution_(function, library_, assumptions_, dominators, loops),
        layout_(layout) {}

  // `access` (run on every iteration of `loop`) as a candidate, if its
  // address steps by a constant at least its size.
  std::optional<Candidate> candidate(llvm::Instruction* access, llvm::Loop* loop) {
    auto* load = llvm::dyn_cast<llvm::LoadInst>(access);
    auto* store = llvm::dyn_cast<llvm::StoreInst>(access);
    if (load == nullptr && store == nullptr) return std::nullopt;
    const bool is_write = store != nullptr;
    llvm::Value* address = is_write ? store->getPointerOperand() : load->getPointerOperand();
    llvm::Type* type = is_write ? store->getValueOperand()->getType() : load->getType();
    const uint64_t size = layout_.getTypeStoreSize(type).getFixedValue();
    auto* recurrence = llvm::dyn_cast<llvm::SCEVAddRecExpr>(evolution_.getSCEV(address));
    if (size == 0 || recurrence == nullptr || recurrence->getLoop() != loop ||
        !recurrence->isAffine()) {
      return std::nullopt;
    }
    auto* step = llvm::dyn_cast<llvm::SCEVConstant>(recurrence->getStepRecurrence(evolution_));
    if (step == nullptr) return std::nullopt;
    const int64_t stride = step->getAPInt().getSExtValue();
    const uint64_t magnitude = stride < 0 ? 0 - static_cast<uint64_t>(stride) : stride;
    if (magnitude < size || magnitude > (uint64_t{1} << 20)) return std::nullopt;
    return Candidate{access, loop, recurrence, stride, size, is_write};
  }

  // The range checks of `candidates` (one loop, one kind, stride and
  // size): each group of them at constant distances that tiles the stride
  // without a gap (an element, an unrolled or vectorised loop's parts).
  void group(llvm::ArrayRef<Candidate> candidates, llvm::SmallVectorImpl<RangeCheck>& out) {
    const Candidate& first = candidates.front();
    const llvm::SCEV* backedges = evolution_.getBackedgeTakenCount(first.loop);
    if (llvm::isa<llvm::SCEVCouldNotCompute>(backedges)) return;
    llvm::SmallVector<bool, 8> taken(candidates.size(), false);
    for (size_t i = 0; i < candidates.size(); ++i) {
      if (taken[i]) continue;
      // Offsets from candidate i's start of the candidates at a constant distance.
      std::map<int64_t, llvm::SmallVector<size_t, 2>> by_offset;
      for (size_t j = i; j < candidates.size(); ++j) {
        if (taken[j]) continue;
        const llvm::SCEV* distance = evolution_.getMinusSCEV(candidates[j].address->getStart(),
                                                             candidates[i].address->getStart());
        if (auto* constant = llvm::dyn_cast<llvm::SCEVConstant>(distance)) {
          by_offset[constant->getAPInt().getSExtValue()].push_back(j);
        }
      }
      const uint64_t stride = first.stride < 0 ? 0 - static_cast<uint64_t>(first.stride)
                                               : static_cast<uint64_t>(first.stride);
      if (by_offset.size() * first.size != stride) continue;
      int64_t expected = by_offset.begin()->first;
      bool tiles = true;
      for (const auto& [offset, members] : by_offset) {
        tiles = tiles && offset == expected;
        expected += static_cast<int64_t>(first.size);
      }
      if (!tiles) continue;
      const Candidate& lowest_part = candidates[by_offset.begin()->second.front()];
      RangeCheck check{first.loop,
                       first.stride > 0
                           ? lowest_part.address->getStart()
                           : lowest_part.address->evaluateAtIteration(backedges, evolution_),
                       backedges,
                       stride,
                       first.size,
                       first.is_write,
                       lowest_part.access,
                       {}};
      for (const auto& [offset, members] : by_offset) {
        for (size_t j : members) {
          taken[j] = true;
          check.covered.push_back(candidates[j].access);
        }
      }
      out.push_back(std::move(check));
    }
  }

  // Emits `check` before its loop's preheader's terminator; false (nothing
  // emitted) when its bounds cannot be computed there.
  bool emit(const RangeCheck& check, const RuntimeAbi& abi, LocationTable& locations,
            llvm::SCEVExpander& expander) {
    llvm::Instruction* before = check.loop->getLoopPreheader()->getTerminator();
    if (!expander.isSafeToExpandAt(check.lowest, before) ||
        !expander.isSafeToExpandAt(check.backedges, before)) {
      return false;
    }
    llvm::Value* lowest = expander.expandCodeFor(check.lowest, abi.ptr, before->getIterator());
    llvm::Value* backedges =
        expander.expandCodeFor(check.backedges, check.backedges->getType(), before->getIterator());
    llvm::IRBuilder<> builder(before);
    builder.SetCurrentDebugLocation(check.named->getDebugLoc());
    llvm::Value* iterations =
        builder.CreateAdd(builder.CreateZExtOrTrunc(backedges, abi.intptr),
                          llvm::ConstantInt::get(abi.intptr, 1), "gorace.iterations");
    llvm::Value* bytes = builder.CreateMul(
        iterations, llvm::ConstantInt::get(abi.intptr, check.stride), "gorace.bytes");
    builder.CreateCall(check.is_write ? abi.write_elements : abi.read_elements,
                       {lowest, bytes, llvm::ConstantInt::get(abi.intptr, check.element),
                        locations.for_instruction(*check.named)});
    return true;
  }

  llvm::ScalarEvolution& evolution() { return evolution_; }

 private:
  llvm::TargetLibraryInfoImpl library_impl_;
  llvm::TargetLibraryInfo library_;
  llvm::AssumptionCache assumptions_;
  llvm::ScalarEvolution evolution_;
  const llvm::DataLayout& layout_;
};

}  // namespace

unsigned hoist_loop_ranges(llvm::Function& function,
                           llvm::SmallVectorImpl<llvm::Instruction*>& plain, const RuntimeAbi& abi,
                           LocationTable& locations, const llvm::DataLayout& layout) {
  if (plain.empty()) return 0;
  llvm::DominatorTree dominators(function);
  llvm::LoopInfo loops(dominators);
  if (loops.empty()) return 0;
  // The loops that may hold candidates, each given a preheader (the place
  // of its checks) if late passes merged it away.
  llvm::DenseMap<const llvm::Loop*, bool> simple;
  llvm::SmallVector<std::pair<llvm::Instruction*, llvm::Loop*>, 16> in_loops;
  for (llvm::Instruction* access : plain) {
    llvm::Loop* loop = simple_loop_of(access, loops, dominators, simple);
    if (loop == nullptr) continue;
    if (loop->getLoopPreheader() == nullptr &&
        llvm::InsertPreheaderForLoop(loop, &dominators, &loops, nullptr,
                                     /*PreserveLCSSA=*/false) == nullptr) {
      continue;
    }
    in_loops.emplace_back(access, loop);
  }
  if (in_loops.empty()) return 0;

  RangeFinder finder(function, dominators, loops, layout);
  // Candidates by loop, kind, stride and size (in program order, so the
  // emitted code does not depend on addresses).
  llvm::MapVector<std::tuple<const llvm::Loop*, unsigned, int64_t, uint64_t>,
                  llvm::SmallVector<Candidate, 4>>
      buckets;
  for (auto [access, loop] : in_loops) {
    if (auto c = finder.candidate(access, loop)) {
      buckets[{c->loop, c->is_write ? 1u : 0u, c->stride, c->size}].push_back(*c);
    }
  }
  llvm::SmallVector<RangeCheck, 8> checks;
  for (const auto& [key, candidates] : buckets) finder.group(candidates, checks);

  llvm::SCEVExpander expander(finder.evolution(), layout, "gorace.loop");
  llvm::SmallPtrSet<llvm::Instruction*, 16> hoisted;
  // Writes first: a read of the same bytes then finds them covered.
  for (const bool writes : {true, false}) {
    for (const RangeCheck& check : checks) {
      if (check.is_write != writes || !finder.emit(check, abi, locations, expander)) continue;
      hoisted.insert(check.covered.begin(), check.covered.end());
    }
  }
  llvm::erase_if(plain, [&](llvm::Instruction* access) { return hoisted.contains(access); });
  return hoisted.size();
}

}  // namespace gorace::instrument
