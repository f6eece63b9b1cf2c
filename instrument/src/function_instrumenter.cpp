#include "function_instrumenter.hpp"

#include "covered_ranges.hpp"
#include "loop_ranges.hpp"

#include <llvm/ADT/STLExtras.h>
#include <llvm/Analysis/CaptureTracking.h>
#include <llvm/Analysis/ValueTracking.h>
#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/InstIterator.h>
#include <llvm/IR/Instructions.h>
#include <llvm/IR/IntrinsicInst.h>
#include <llvm/IR/Metadata.h>
#include <llvm/Support/AtomicOrdering.h>
#include <llvm/Support/MathExtras.h>
#include <llvm/Transforms/Utils/EscapeEnumerator.h>

namespace gorace::instrument {
namespace {

llvm::Value* address_of(llvm::Instruction* access) {
  if (auto* load = llvm::dyn_cast<llvm::LoadInst>(access)) return load->getPointerOperand();
  if (auto* store = llvm::dyn_cast<llvm::StoreInst>(access)) return store->getPointerOperand();
  if (auto* rmw = llvm::dyn_cast<llvm::AtomicRMWInst>(access)) return rmw->getPointerOperand();
  if (auto* cmpxchg = llvm::dyn_cast<llvm::AtomicCmpXchgInst>(access)) {
    return cmpxchg->getPointerOperand();
  }
  return nullptr;
}

llvm::Type* accessed_type(const llvm::Instruction* access) {
  if (auto* load = llvm::dyn_cast<llvm::LoadInst>(access)) return load->getType();
  if (auto* store = llvm::dyn_cast<llvm::StoreInst>(access)) {
    return store->getValueOperand()->getType();
  }
  if (auto* rmw = llvm::dyn_cast<llvm::AtomicRMWInst>(access)) {
    return rmw->getValOperand()->getType();
  }
  return llvm::cast<llvm::AtomicCmpXchgInst>(access)->getCompareOperand()->getType();
}

bool is_atomic_access(const llvm::Instruction& instruction) {
  if (auto* load = llvm::dyn_cast<llvm::LoadInst>(&instruction)) return load->isAtomic();
  if (auto* store = llvm::dyn_cast<llvm::StoreInst>(&instruction)) return store->isAtomic();
  return llvm::isa<llvm::AtomicRMWInst, llvm::AtomicCmpXchgInst>(instruction);
}

// A call to the C library's memcpy, memmove or memset (not the intrinsic),
// or to their _FORTIFY_SOURCE forms (__memcpy_chk: one more argument, the
// destination's size).
bool is_library_mem_call(const llvm::CallBase& call) {
  const llvm::Function* callee = call.getCalledFunction();
  if (callee == nullptr) return false;
  llvm::StringRef name = callee->getName();
  const bool checked = name.consume_front("__") && name.consume_back("_chk");
  if (call.arg_size() != (checked ? 4u : 3u)) return false;
  return name == "memcpy" || name == "memmove" || name == "memset";
}

// Whether a library memory call (is_library_mem_call) is a memset.
bool is_library_memset(const llvm::CallBase& call) {
  const llvm::StringRef name = call.getCalledFunction()->getName();
  return name == "memset" || name == "__memset_chk";
}

bool is_guard_call(const llvm::CallBase& call) {
  const llvm::Function* callee = call.getCalledFunction();
  if (callee == nullptr || call.arg_size() != 1) return false;
  const llvm::StringRef name = callee->getName();
  return name == "__cxa_guard_acquire" || name == "__cxa_guard_release" ||
         name == "__cxa_guard_abort";
}

// A call that runs code which may record call sites: anything but
// intrinsics (debug info, lifetime, memcpy, ...) and inline assembly.
bool is_real_call(const llvm::CallBase& call) {
  if (call.isInlineAsm()) return false;
  if (const llvm::Function* callee = call.getCalledFunction()) {
    return !callee->isIntrinsic();
  }
  return true;
}

bool has_vtable_tag(const llvm::Instruction& instruction) {
  const llvm::MDNode* tbaa = instruction.getMetadata(llvm::LLVMContext::MD_tbaa);
  return tbaa != nullptr && tbaa->isTBAAVtableAccess();
}

// Without TBAA (-O0) a vtable pointer load is recognised by its use: the
// pointer it loads is the address (directly or through a GEP) of a load
// whose value is called, i.e. `obj->vptr[i](...)`.
bool feeds_indirect_call(const llvm::LoadInst& pointer_load) {
  for (const llvm::User* user : pointer_load.users()) {
    const llvm::Value* address = user;
    if (auto* gep = llvm::dyn_cast<llvm::GetElementPtrInst>(user)) {
      if (gep->getPointerOperand() != &pointer_load || !gep->hasOneUse()) continue;
      address = *gep->user_begin();
      if (!llvm::isa<llvm::LoadInst>(address)) continue;
    }
    auto* slot_load = llvm::dyn_cast<llvm::LoadInst>(address);
    if (slot_load == nullptr) continue;
    for (const llvm::User* slot_user : slot_load->users()) {
      auto* call = llvm::dyn_cast<llvm::CallBase>(slot_user);
      if (call != nullptr && call->getCalledOperand() == slot_load) return true;
    }
  }
  return false;
}

// Thread-local storage: a `thread_local` variable (directly, through
// llvm.threadlocal.address, or through its wrapper function _ZTW...) or
// errno (__errno_location()). A goroutine uses its worker thread's, which
// the goroutines that run on that worker share one after another, never at
// once: checking it reported races between them that are not there (any
// std::stol, which saves and restores errno).
bool is_thread_local(const llvm::Value* object) {
  if (auto* global = llvm::dyn_cast<llvm::GlobalVariable>(object)) return global->isThreadLocal();
  auto* call = llvm::dyn_cast<llvm::CallBase>(object);
  if (call == nullptr) return false;
  if (auto* intrinsic = llvm::dyn_cast<llvm::IntrinsicInst>(call))
    return intrinsic->getIntrinsicID() == llvm::Intrinsic::threadlocal_address;
  const llvm::Function* callee = call->getCalledFunction();
  if (callee == nullptr) return false;
  const llvm::StringRef name = callee->getName();
  return name == "__errno_location" || name.starts_with("_ZTW");
}

// A load of an object's vtable pointer.
bool is_vtable_pointer_load(const llvm::Instruction& instruction) {
  if (has_vtable_tag(instruction)) return true;
  auto* load = llvm::dyn_cast<llvm::LoadInst>(&instruction);
  return load != nullptr && !load->hasMetadata(llvm::LLVMContext::MD_tbaa) &&
         load->getType()->isPointerTy() && feeds_indirect_call(*load);
}

// A store of a vtable pointer into an object (constructors, destructors):
// TBAA says so from -O1 on; at -O0 the value stored points into a vtable
// (a global named _ZTV...).
bool is_vtable_pointer_store(const llvm::StoreInst& store) {
  if (has_vtable_tag(store)) return true;
  auto* table = llvm::dyn_cast<llvm::GlobalVariable>(
      llvm::getUnderlyingObject(store.getValueOperand()->stripPointerCasts()));
  return table != nullptr && table->getName().starts_with("_ZTV");
}

// A load from a vtable (virtual function pointer, offset-to-top, RTTI):
// its address derives from a vtable pointer load. Vtables are constant.
bool is_vtable_slot_load(const llvm::Instruction& instruction) {
  auto* load = llvm::dyn_cast<llvm::LoadInst>(&instruction);
  if (load == nullptr) return false;
  auto* base = llvm::dyn_cast<llvm::LoadInst>(llvm::getUnderlyingObject(load->getPointerOperand()));
  return base != nullptr && is_vtable_pointer_load(*base);
}

// The runtime's name of a read-modify-write (gor/race_abi.h), or null for
// one it does not perform (floating-point arithmetic, uinc_wrap, ...).
const char* read_modify_write_name(llvm::AtomicRMWInst::BinOp operation) {
  switch (operation) {
    case llvm::AtomicRMWInst::Xchg:
      return "exchange";
    case llvm::AtomicRMWInst::Add:
      return "fetch_add";
    case llvm::AtomicRMWInst::Sub:
      return "fetch_sub";
    case llvm::AtomicRMWInst::And:
      return "fetch_and";
    case llvm::AtomicRMWInst::Or:
      return "fetch_or";
    case llvm::AtomicRMWInst::Xor:
      return "fetch_xor";
    case llvm::AtomicRMWInst::Nand:
      return "fetch_nand";
    case llvm::AtomicRMWInst::Max:
      return "fetch_max";
    case llvm::AtomicRMWInst::Min:
      return "fetch_min";
    case llvm::AtomicRMWInst::UMax:
      return "fetch_umax";
    case llvm::AtomicRMWInst::UMin:
      return "fetch_umin";
    default:
      return nullptr;
  }
}

// The C ABI memory order (__ATOMIC_*) of `ordering`, as an i32 constant.
llvm::Constant* c_memory_order(llvm::IntegerType* i32, llvm::AtomicOrdering ordering) {
  return llvm::ConstantInt::get(i32, static_cast<uint64_t>(llvm::toCABI(ordering)));
}

// A call of `callee` carrying its declaration's attributes (zeroext values).
llvm::CallInst* call_with_attributes(llvm::IRBuilder<>& builder, llvm::FunctionCallee callee,
                                     llvm::ArrayRef<llvm::Value*> arguments) {
  llvm::CallInst* call = builder.CreateCall(callee, arguments);
  if (auto* function = llvm::dyn_cast<llvm::Function>(callee.getCallee())) {
    call->setAttributes(function->getAttributes());
  }
  return call;
}

// `value` (an integer, pointer or floating-point value of `as`'s width) as
// the integer `as`.
llvm::Value* to_integer(llvm::IRBuilder<>& builder, llvm::Value* value, llvm::IntegerType* as) {
  llvm::Type* type = value->getType();
  if (type->isPointerTy()) return builder.CreatePtrToInt(value, as);
  if (type->isFloatingPointTy()) return builder.CreateBitCast(value, as);
  return value;
}

// The integer `value` as `type` (see to_integer).
llvm::Value* from_integer(llvm::IRBuilder<>& builder, llvm::Value* value, llvm::Type* type) {
  if (type->isPointerTy()) return builder.CreateIntToPtr(value, type);
  if (type->isFloatingPointTy()) return builder.CreateBitCast(value, type);
  return value;
}

}  // namespace

FunctionInstrumenter::FunctionInstrumenter(const RuntimeAbi& abi, LocationTable& locations,
                                           SourceFilter& filter, const llvm::DataLayout& layout,
                                           InstrumentStats& stats, bool loop_checks)
    : abi_(abi),
      locations_(locations),
      filter_(filter),
      layout_(layout),
      stats_(stats),
      loop_checks_(loop_checks) {}

bool FunctionInstrumenter::may_be_shared(const llvm::Value* address) {
  if (address->getType()->getPointerAddressSpace() != 0) return false;
  const llvm::Value* object = llvm::getUnderlyingObject(address);
  if (is_thread_local(object)) return false;
  if (auto* global = llvm::dyn_cast<llvm::GlobalVariable>(object)) {
    if (global->isConstant()) return false;
    const llvm::StringRef name = global->getName();
    // Profiling counters are updated racily by design.
    if (name.starts_with("__llvm_gcov") || name.starts_with("__llvm_prf")) return false;
    return true;
  }
  // A goroutine's task is its own, as a local is (SubprogramTable::
  // is_goroutine_entry): checked only where its address escapes.
  if (llvm::isa<llvm::AllocaInst>(object) || object == goroutine_task_) {
    auto [it, inserted] = alloca_escapes_.try_emplace(object, false);
    if (inserted) {
      it->second = llvm::PointerMayBeCaptured(object, /*ReturnCaptures=*/true,
                                              /*StoreCaptures=*/true);
    }
    return it->second;
  }
  return true;
}

bool FunctionInstrumenter::is_skipped_instruction(const llvm::Instruction& instruction) {
  if (instruction.hasMetadata(llvm::LLVMContext::MD_nosanitize)) return true;
  if (instruction.hasMetadata(llvm::LLVMContext::MD_invariant_load)) return true;
  // A vtable pointer load reads the object (it races a delete or a
  // destructor: checked, as TSan's __tsan_vptr_read); the vtable is constant.
  if (is_vtable_slot_load(instruction)) return true;
  if (const llvm::DILocation* location = instruction.getDebugLoc().get()) {
    // An instruction merged from several (see RecordSubprogramsPass) gets
    // line 0 or the position of their nearest common call site, and says
    // nothing about where its parts came from: runtime code carries
    // !nosanitize (checked above), anything else is user code.
    if (location->getLine() == 0 || call_site_positions_.contains(position_of(location))) {
      return false;
    }
    return filter_.is_runtime_code(location);
  }
  // No location: an access the optimizer moved (LICM drops a hoisted
  // load's location). The program's accesses carry a mark since the
  // pipeline's start (RecordSubprogramsPass), so one inlined into a runtime
  // function (a goroutine's body in GoTaskImpl::run) is still checked;
  // others (a system header's, a new one) take the function's origin.
  if (instruction.hasMetadata(program_access_kind_)) return false;
  return function_is_runtime_;
}

bool FunctionInstrumenter::is_unchecked_plain(const llvm::Instruction& instruction) {
  if (const llvm::DILocation* location = instruction.getDebugLoc().get()) {
    if (location->getLine() != 0) return filter_.is_unchecked_code(location);
  }
  return function_is_unchecked_;
}

FunctionInstrumenter::Position FunctionInstrumenter::position_of(const llvm::DILocation* location) {
  return {location->getScope(), location->getLine(), location->getColumn(),
          location->getInlinedAt()};
}

void FunctionInstrumenter::collect(llvm::Function& function, Work& work) {
  call_site_positions_.clear();
  for (const llvm::Instruction& instruction : llvm::instructions(function)) {
    const llvm::DILocation* location = instruction.getDebugLoc().get();
    if (location == nullptr) continue;
    for (const llvm::DILocation* site = location->getInlinedAt(); site != nullptr;
         site = site->getInlinedAt()) {
      if (!call_site_positions_.insert(position_of(site)).second) break;  // rest known
    }
  }
  for (llvm::BasicBlock& block : function) {
    // Plain accesses since the last call; a load whose address is stored to
    // later in the same group is covered by the store.
    llvm::SmallVector<llvm::Instruction*, 16> group;
    auto flush_group = [&] {
      llvm::SmallPtrSet<const llvm::Value*, 8> stored_later;
      llvm::SmallVector<llvm::Instruction*, 16> kept;
      for (auto it = group.rbegin(); it != group.rend(); ++it) {
        llvm::Instruction* access = *it;
        if (auto* store = llvm::dyn_cast<llvm::StoreInst>(access)) {
          stored_later.insert(store->getPointerOperand());
          kept.push_back(access);
        } else if (!stored_later.contains(address_of(access))) {
          kept.push_back(access);
        }
      }
      work.plain.append(kept.rbegin(), kept.rend());
      group.clear();
    };
    for (llvm::Instruction& instruction : block) {
      if (llvm::isa<llvm::LoadInst, llvm::StoreInst, llvm::AtomicRMWInst, llvm::AtomicCmpXchgInst>(
              instruction)) {
        if (is_skipped_instruction(instruction)) continue;
        if (!may_be_shared(address_of(&instruction))) continue;
        if (accessed_type(&instruction)->isScalableTy()) continue;
        if (is_atomic_access(instruction)) {
          work.atomics.push_back(&instruction);
        } else if (!is_unchecked_plain(instruction)) {
          group.push_back(&instruction);
        }
        continue;
      }
      auto* call = llvm::dyn_cast<llvm::CallBase>(&instruction);
      if (call == nullptr) continue;
      // MemIntrinsic: memcpy, memmove, memset and their .inline forms (the
      // element-wise atomic variants are not C++ code's).
      if (llvm::isa<llvm::MemIntrinsic>(call) || is_library_mem_call(*call)) {
        if (!is_skipped_instruction(*call) && !is_unchecked_plain(*call))
          work.ranges.push_back(call);
      } else if (const LibcSignature* libc = libc_signature_of(*call);
                 libc != nullptr && !is_skipped_instruction(*call) && !is_unchecked_plain(*call)) {
        work.libc.emplace_back(call, libc);
      }
      if (const FormatSignature* format = format_signature_of(*call);
          format != nullptr && !is_skipped_instruction(*call) && !is_unchecked_plain(*call)) {
        work.formats.emplace_back(call, format);
      }
      if (!is_real_call(*call)) continue;
      flush_group();
      work.calls.push_back(call);
      if (is_guard_call(*call) && !is_skipped_instruction(*call)) work.guards.push_back(call);
    }
    flush_group();
  }
}

void FunctionInstrumenter::instrument_plain(llvm::Instruction* access) {
  const bool is_write = llvm::isa<llvm::StoreInst>(access);
  const uint64_t size = layout_.getTypeStoreSize(accessed_type(access)).getFixedValue();
  if (size == 0) return;
  llvm::IRBuilder<> builder(access);
  llvm::Value* address = address_of(access);
  llvm::Constant* location = locations_.for_instruction(*access);
  auto* store = llvm::dyn_cast<llvm::StoreInst>(access);
  if (store != nullptr && is_vtable_pointer_store(*store)) {
    builder.CreateCall(abi_.vptr_update, {address, store->getValueOperand(), location});
    ++stats_.writes;
    return;
  }
  if (llvm::isPowerOf2_64(size) && size <= 16) {
    const unsigned index = llvm::Log2_64(size);
    builder.CreateCall(is_write ? abi_.write[index] : abi_.read[index], {address, location});
  } else {
    builder.CreateCall(is_write ? abi_.write_range : abi_.read_range,
                       {address, llvm::ConstantInt::get(abi_.intptr, size), location});
    ++stats_.ranges;
  }
  ++(is_write ? stats_.writes : stats_.reads);
}

void FunctionInstrumenter::instrument_atomic(llvm::Instruction* access) {
  if (!replace_atomic(access)) instrument_atomic_hooks(access);
  ++stats_.atomics;
}

bool FunctionInstrumenter::replace_atomic(llvm::Instruction* access) {
  using Operation = RuntimeAbi::AtomicOperation;
  llvm::Type* type = accessed_type(access);
  const uint64_t size = layout_.getTypeStoreSize(type).getFixedValue();
  if (size != 1 && size != 2 && size != 4 && size != 8) return false;
  if (layout_.getTypeSizeInBits(type) != size * 8) return false;  // i1, x86_fp80, ...
  if (!type->isIntegerTy() && !type->isFloatingPointTy() &&
      !(type->isPointerTy() && type->getPointerAddressSpace() == 0)) {
    return false;  // vectors
  }
  llvm::Align align;
  llvm::SyncScope::ID scope;
  if (auto* load = llvm::dyn_cast<llvm::LoadInst>(access)) {
    align = load->getAlign();
    scope = load->getSyncScopeID();
  } else if (auto* store = llvm::dyn_cast<llvm::StoreInst>(access)) {
    align = store->getAlign();
    scope = store->getSyncScopeID();
  } else if (auto* rmw = llvm::dyn_cast<llvm::AtomicRMWInst>(access)) {
    align = rmw->getAlign();
    scope = rmw->getSyncScopeID();
  } else {
    auto* cmpxchg = llvm::cast<llvm::AtomicCmpXchgInst>(access);
    align = cmpxchg->getAlign();
    scope = cmpxchg->getSyncScopeID();
  }
  if (align.value() < size || scope != llvm::SyncScope::System) return false;
  auto* rmw = llvm::dyn_cast<llvm::AtomicRMWInst>(access);
  const char* rmw_name = rmw != nullptr ? read_modify_write_name(rmw->getOperation()) : nullptr;
  if (rmw != nullptr && rmw_name == nullptr) return false;

  const auto bytes = static_cast<unsigned>(size);
  llvm::IntegerType* integer = llvm::IntegerType::get(access->getContext(), bytes * 8);
  llvm::IRBuilder<> builder(access);
  llvm::Value* address = address_of(access);
  llvm::Constant* location = locations_.for_instruction(*access);
  llvm::Value* result = nullptr;
  if (auto* load = llvm::dyn_cast<llvm::LoadInst>(access)) {
    llvm::Value* value =
        call_with_attributes(builder, abi_.atomic_operation(Operation::kLoad, "load", bytes),
                             {address, c_memory_order(abi_.i32, load->getOrdering()), location});
    result = from_integer(builder, value, type);
  } else if (auto* store = llvm::dyn_cast<llvm::StoreInst>(access)) {
    call_with_attributes(builder, abi_.atomic_operation(Operation::kStore, "store", bytes),
                         {address, to_integer(builder, store->getValueOperand(), integer),
                          c_memory_order(abi_.i32, store->getOrdering()), location});
  } else if (rmw != nullptr) {
    llvm::Value* value = call_with_attributes(
        builder, abi_.atomic_operation(Operation::kReadModifyWrite, rmw_name, bytes),
        {address, to_integer(builder, rmw->getValOperand(), integer),
         c_memory_order(abi_.i32, rmw->getOrdering()), location});
    result = from_integer(builder, value, type);
  } else {
    // A weak cmpxchg may fail spuriously; the runtime's never does.
    auto* cmpxchg = llvm::cast<llvm::AtomicCmpXchgInst>(access);
    llvm::Value* expected = to_integer(builder, cmpxchg->getCompareOperand(), integer);
    llvm::Value* seen = call_with_attributes(
        builder, abi_.atomic_operation(Operation::kCompareExchange, "compare_exchange", bytes),
        {address, expected, to_integer(builder, cmpxchg->getNewValOperand(), integer),
         c_memory_order(abi_.i32, cmpxchg->getSuccessOrdering()),
         c_memory_order(abi_.i32, cmpxchg->getFailureOrdering()), location});
    llvm::Value* pair = llvm::PoisonValue::get(cmpxchg->getType());
    pair = builder.CreateInsertValue(pair, from_integer(builder, seen, type), 0);
    result = builder.CreateInsertValue(pair, builder.CreateICmpEQ(seen, expected), 1);
  }
  if (result != nullptr) {
    result->takeName(access);
    access->replaceAllUsesWith(result);
  }
  access->eraseFromParent();
  return true;
}

void FunctionInstrumenter::instrument_atomic_hooks(llvm::Instruction* access) {
  bool releases = false;
  bool acquires = false;
  bool writes = true;
  if (auto* load = llvm::dyn_cast<llvm::LoadInst>(access)) {
    acquires = llvm::isAcquireOrStronger(load->getOrdering());
    writes = false;
  } else if (auto* store = llvm::dyn_cast<llvm::StoreInst>(access)) {
    releases = llvm::isReleaseOrStronger(store->getOrdering());
  } else if (auto* rmw = llvm::dyn_cast<llvm::AtomicRMWInst>(access)) {
    releases = llvm::isReleaseOrStronger(rmw->getOrdering());
    acquires = llvm::isAcquireOrStronger(rmw->getOrdering());
  } else {
    auto* cmpxchg = llvm::cast<llvm::AtomicCmpXchgInst>(access);
    releases = llvm::isReleaseOrStronger(cmpxchg->getSuccessOrdering());
    acquires = llvm::isAcquireOrStronger(cmpxchg->getSuccessOrdering()) ||
               llvm::isAcquireOrStronger(cmpxchg->getFailureOrdering());
  }
  const uint64_t size = layout_.getTypeStoreSize(accessed_type(access)).getFixedValue();
  llvm::Value* address = address_of(access);
  llvm::Constant* location = locations_.for_instruction(*access);
  llvm::Constant* size_value = llvm::ConstantInt::get(abi_.i32, size);
  // One atomic operation is one access, recorded before any release (so the
  // released clock covers it): a read-modify-write's write is recorded
  // before it and its acquire after it adds no second access.
  llvm::IRBuilder<> before(access);
  if (releases) {
    before.CreateCall(abi_.atomic_release, {address, size_value, location});
  } else if (writes || !acquires) {
    before.CreateCall(
        abi_.atomic_access,
        {address, size_value, llvm::ConstantInt::get(abi_.i32, writes ? 1 : 0), location});
  }
  if (acquires) {
    llvm::IRBuilder<> after(access->getNextNode());
    if (writes) {
      after.CreateCall(abi_.atomic_sync_acquire, {address});
    } else {
      after.CreateCall(abi_.atomic_acquire, {address, size_value, location});
    }
  }
}

void FunctionInstrumenter::instrument_range(llvm::CallBase* call) {
  llvm::Value* destination = call->getArgOperand(0);
  llvm::Value* source = nullptr;
  if (llvm::isa<llvm::MemTransferInst>(call)) {
    source = call->getArgOperand(1);
  } else if (!llvm::isa<llvm::MemSetInst>(call) && !is_library_memset(*call)) {
    source = call->getArgOperand(1);  // library memcpy / memmove
  }
  llvm::IRBuilder<> builder(call);
  llvm::Value* length = builder.CreateZExtOrTrunc(call->getArgOperand(2), abi_.intptr);
  llvm::Constant* location = locations_.for_instruction(*call);
  if (source != nullptr && may_be_shared(source)) {
    builder.CreateCall(abi_.read_range, {source, length, location});
    ++stats_.ranges;
  }
  if (may_be_shared(destination)) {
    builder.CreateCall(abi_.write_range, {destination, length, location});
    ++stats_.ranges;
  }
}

void FunctionInstrumenter::instrument_libc(llvm::CallBase* call, const LibcSignature& signature) {
  const bool shared = llvm::any_of(call->args(), [&](const llvm::Use& argument) {
    return argument->getType()->isPointerTy() && may_be_shared(argument.get());
  });
  if (!shared && !synchronises(signature)) return;
  instrument_libc_call(*call, signature, abi_, locations_.for_instruction(*call));
  ++stats_.ranges;
}

void FunctionInstrumenter::instrument_format(llvm::CallBase* call,
                                             const FormatSignature& signature) {
  instrument_format_call(*call, signature, abi_, locations_.for_instruction(*call));
  ++stats_.ranges;
}

void FunctionInstrumenter::instrument_guard(llvm::CallBase* call) {
  llvm::Value* guard = call->getArgOperand(0);
  llvm::Constant* location = locations_.for_instruction(*call);
  const llvm::StringRef name = call->getCalledFunction()->getName();
  if (name == "__cxa_guard_release") {
    // The initialising goroutine publishes the static's value.
    llvm::IRBuilder<> before(call);
    before.CreateCall(abi_.guard_release, {guard, location});
  } else if (name == "__cxa_guard_abort") {
    llvm::IRBuilder<> before(call);
    before.CreateCall(abi_.guard_abort, {guard});
  } else if (auto* plain_call = llvm::dyn_cast<llvm::CallInst>(call)) {
    // Whoever returns from guard_acquire sees the initialised value, or
    // (a non-zero result) now runs the initializer.
    llvm::IRBuilder<> after(plain_call->getNextNode());
    llvm::Value* initializing = after.CreateZExtOrTrunc(plain_call, abi_.i32);
    after.CreateCall(abi_.guard_acquired, {guard, initializing, location});
  }
  ++stats_.atomics;
}

void FunctionInstrumenter::instrument_entry_exit(llvm::Function& function, const Work& work) {
  llvm::BasicBlock& entry = function.getEntryBlock();
  llvm::BasicBlock::iterator insert_point = entry.getFirstInsertionPt();
  while (insert_point != entry.end() && llvm::isa<llvm::AllocaInst>(*insert_point)) {
    ++insert_point;
  }
  llvm::IRBuilder<> builder(&entry, insert_point);
  if (llvm::DISubprogram* sp = function.getSubprogram()) {
    builder.SetCurrentDebugLocation(
        llvm::DILocation::get(function.getContext(), sp->getScopeLine(), 0, sp));
  }
  llvm::Value* slot = builder.CreateCall(abi_.func_enter, {}, "gorace.slot");
  for (llvm::CallBase* call : work.calls) {
    // A runtime function's own calls (gor::go's spawn, gor::select's
    // wait) are no frame of the program's: a null call site leaves them out
    // of every stack, as Go's reports show no runtime frames around user
    // code. Calls of user code inlined into it keep their site.
    const llvm::DILocation* location = call->getDebugLoc().get();
    llvm::Constant* site =
        function_is_runtime_ && (location == nullptr || !filter_.has_user_frame(location))
            ? llvm::ConstantPointerNull::get(llvm::cast<llvm::PointerType>(abi_.ptr))
            : locations_.for_instruction(*call);
    new llvm::StoreInst(site, slot, call->getIterator());
    ++stats_.call_sites;
    // setjmp and its kin return again when a longjmp comes back here,
    // past the exits of the frames it leaves: drop them.
    if (auto* plain_call = llvm::dyn_cast<llvm::CallInst>(call);
        plain_call != nullptr && plain_call->hasFnAttr(llvm::Attribute::ReturnsTwice)) {
      llvm::IRBuilder<> after(plain_call->getNextNode());
      after.CreateCall(abi_.func_resume, {slot});
    }
  }
  llvm::EscapeEnumerator escapes(function, "gorace.cleanup", /*HandleExceptions=*/true);
  while (llvm::IRBuilder<>* exit_builder = escapes.Next()) {
    exit_builder->CreateCall(abi_.func_exit, {});
  }
}

bool FunctionInstrumenter::run(llvm::Function& function) {
  alloca_escapes_.clear();
  const llvm::DISubprogram* sp = function.getSubprogram();
  function_is_runtime_ = sp != nullptr && filter_.is_runtime_subprogram(sp);
  function_is_unchecked_ = sp != nullptr && filter_.is_unchecked_subprogram(sp);
  program_access_kind_ = function.getContext().getMDKindID(kProgramAccessMetadata);
  goroutine_task_ = sp != nullptr && filter_.is_goroutine_entry(sp) && function.arg_size() > 0
                        ? function.getArg(0)
                        : nullptr;

  Work work;
  collect(function, work);
  const unsigned hoisted =
      loop_checks_ ? hoist_loop_ranges(function, work.plain, abi_, locations_, layout_) : 0;
  stats_.loop_ranges += hoisted;
  for (llvm::Instruction* access : work.plain) instrument_plain(access);
  for (llvm::Instruction* access : work.atomics) instrument_atomic(access);
  for (llvm::CallBase* call : work.ranges) instrument_range(call);
  for (auto [call, signature] : work.libc) instrument_libc(call, *signature);
  for (auto [call, signature] : work.formats) instrument_format(call, *signature);
  for (llvm::CallBase* call : work.guards) instrument_guard(call);
  stats_.covered_ranges += drop_covered_range_checks(function, abi_);
  const bool touches_memory = hoisted != 0 || !work.plain.empty() || !work.atomics.empty() ||
                              !work.ranges.empty() || !work.calls.empty();
  // Which functions get a frame. The analyzer attributes an access to the
  // innermost frame and takes the call sites of the frames outside it, so a
  // function with instrumented accesses always needs its own frame. Apart
  // from that, user functions get one; runtime and system-header functions
  // that only call get one only for user calls inlined into them (a
  // goroutine's lambda inside the runtime's trampoline). So the plumbing
  // between the runtime and user code (std::invoke, std::apply at -O0)
  // stays out of the stacks, and the frames they skip lose nothing: their
  // callees' stacks go on with the caller's call site.
  bool enter_exit = sp == nullptr || filter_.is_user_subprogram(sp) || hoisted != 0 ||
                    !work.plain.empty() || !work.atomics.empty() || !work.ranges.empty() ||
                    !work.libc.empty() || !work.formats.empty() || !work.guards.empty();
  enter_exit = enter_exit || llvm::any_of(work.calls, [&](const llvm::CallBase* call) {
                 const llvm::DILocation* location = call->getDebugLoc().get();
                 return location != nullptr && filter_.has_user_frame(location);
               });
  if (enter_exit && touches_memory) {
    // A musttail call must stay right before its return: no exit hook fits.
    bool has_musttail = false;
    for (llvm::BasicBlock& block : function) {
      has_musttail |= block.getTerminatingMustTailCall() != nullptr;
    }
    if (!has_musttail) instrument_entry_exit(function, work);
  }
  if (touches_memory) {
    // The function now calls the runtime: it no longer only reads (or does
    // not touch) memory, and the runtime synchronises.
    function.removeFnAttr(llvm::Attribute::Memory);
    function.removeFnAttr(llvm::Attribute::NoSync);
    ++stats_.functions;
  }
  return touches_memory;
}

}  // namespace gorace::instrument
