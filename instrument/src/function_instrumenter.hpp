// Instruments the memory accesses, atomics, memory intrinsics, call sites,
// entry and exits of one function.
#ifndef GORACE_INSTRUMENT_FUNCTION_INSTRUMENTER_HPP_
#define GORACE_INSTRUMENT_FUNCTION_INSTRUMENTER_HPP_

#include "format_calls.hpp"
#include "libc_calls.hpp"
#include "location_table.hpp"
#include "runtime_abi.hpp"
#include "source_filter.hpp"

#include <llvm/ADT/DenseMap.h>
#include <llvm/ADT/DenseSet.h>
#include <llvm/ADT/SmallVector.h>
#include <llvm/IR/DataLayout.h>
#include <llvm/IR/Function.h>
#include <llvm/IR/InstrTypes.h>

#include <tuple>
#include <utility>

namespace gorace::instrument {

// Counts of what was instrumented, for -fplugin-arg-gorace-verbose.
struct InstrumentStats {
  unsigned functions = 0;
  unsigned reads = 0;
  unsigned writes = 0;
  unsigned ranges = 0;
  unsigned loop_ranges = 0;     // loop accesses checked at once before their loop
  unsigned covered_ranges = 0;  // range checks a later one in their block covers
  unsigned atomics = 0;
  unsigned call_sites = 0;
};

// Instruments one function at a time. What it emits (see gor/race_abi.h):
//  - before each plain load/store that may touch shared memory,
//    __gorace_readN/writeN (N = 1, 2, 4, 8, 16) or a range call for other
//    sizes; skipped: allocas that never escape, a goroutine's task (its
//    closure) where it does not escape, constant globals, vtable
//    pointer loads, !invariant.load and !nosanitize accesses, runtime code;
//    a load followed by a store to the same address in the same basic block
//    with no call between them is covered by the store; the dense accesses
//    of a loop that cannot synchronise or leave early are checked once
//    before it, as __gorace_{read,write}_elements (see loop_ranges.hpp);
//    a range check that a later one in its block covers is dropped (see
//    covered_ranges.hpp);
//  - atomics as synchronisation, never as plain accesses: an atomic load,
//    store, integer read-modify-write (xchg also of pointers and floating
//    point) or cmpxchg of 1, 2, 4 or 8 bytes, naturally aligned, system sync
//    scope, is replaced by a call of __gorace_atomicN_<operation> with its
//    value(s) as iN and its memory order(s), which performs it in the
//    runtime atomically with its clock work; other atomics (16 bytes,
//    floating-point arithmetic, uinc/udec_wrap, vectors, misaligned,
//    single-thread scope) keep the instruction beside hooks:
//    __gorace_atomic_release before a release (or stronger)
//    store/RMW/cmpxchg, __gorace_atomic_acquire after an acquire (or
//    stronger) load/RMW/cmpxchg, __gorace_atomic_access for the relaxed
//    ones; a cmpxchg counts its success ordering for release and either
//    ordering for acquire (a failed release-cmpxchg still releases);
//  - memcpy/memmove/memset (intrinsics and library calls) as range reads and
//    writes; C string and formatting functions (strlen, strcpy, strcmp,
//    snprintf, ...) by __gorace_libc_call after the call (libc_calls.hpp);
//    __cxa_guard_acquire/release (function-local statics) as
//    acquire/release of the guard variable;
//  - when the function accesses memory or calls anything (runtime functions
//    only with user code inlined into them):
//    slot = __gorace_func_enter() on entry, a store of the call site's
//    record into *slot before each call, and __gorace_func_exit() on every
//    return and on unwinding (calls that may throw become invokes with a
//    cleanup that exits and resumes).
class FunctionInstrumenter {
 public:
  // With `loop_checks`, a loop's dense accesses are checked once before it.
  FunctionInstrumenter(const RuntimeAbi& abi, LocationTable& locations, SourceFilter& filter,
                       const llvm::DataLayout& layout, InstrumentStats& stats, bool loop_checks);

  // Instruments `function` (a definition). Returns true if it changed.
  // Runtime and system-header functions without instrumented accesses get
  // entry/exit hooks only when user calls are inlined into them.
  bool run(llvm::Function& function);

 private:
  struct Work {
    llvm::SmallVector<llvm::Instruction*, 32> plain;
    llvm::SmallVector<llvm::Instruction*, 8> atomics;
    llvm::SmallVector<llvm::CallBase*, 8> ranges;  // memcpy, memmove, memset
    // C string and formatting functions, with their signatures.
    llvm::SmallVector<std::pair<llvm::CallBase*, const LibcSignature*>, 4> libc;
    // printf-family calls, whose %s arguments are checked before the call.
    llvm::SmallVector<std::pair<llvm::CallBase*, const FormatSignature*>, 4> formats;
    llvm::SmallVector<llvm::CallBase*, 16> calls;
    llvm::SmallVector<llvm::CallBase*, 2> guards;  // __cxa_guard_acquire/release
  };

  void collect(llvm::Function& function, Work& work);
  bool is_skipped_instruction(const llvm::Instruction& instruction);
  // True when `instruction`, a plain access or memory call, is in a
  // no_sanitize("thread") function's code (SourceFilter::is_unchecked_code).
  bool is_unchecked_plain(const llvm::Instruction& instruction);
  bool may_be_shared(const llvm::Value* address);
  void instrument_plain(llvm::Instruction* access);
  void instrument_atomic(llvm::Instruction* access);
  // Replaces `access` by the runtime call that performs it; false (nothing
  // changed) for an atomic the runtime does not perform.
  bool replace_atomic(llvm::Instruction* access);
  // The hooks beside an atomic the runtime does not perform.
  void instrument_atomic_hooks(llvm::Instruction* access);
  void instrument_range(llvm::CallBase* call);
  // A C library call of `function` (see libc_calls.hpp), unless none of its
  // pointer arguments may be shared.
  void instrument_libc(llvm::CallBase* call, const LibcSignature& signature);
  // A printf-family call: the strings its format reads (format_calls.hpp).
  void instrument_format(llvm::CallBase* call, const FormatSignature& signature);
  void instrument_guard(llvm::CallBase* call);
  void instrument_entry_exit(llvm::Function& function, const Work& work);

  const RuntimeAbi& abi_;
  LocationTable& locations_;
  SourceFilter& filter_;
  const llvm::DataLayout& layout_;
  InstrumentStats& stats_;
  const bool loop_checks_;
  // Per function: whether an alloca's (or the goroutine task's) address
  // escapes.
  llvm::DenseMap<const llvm::Value*, bool> alloca_escapes_;
  // Per function: the task a goroutine entry runs (its first parameter),
  // whose object is the goroutine's own; null in other functions.
  const llvm::Value* goroutine_task_ = nullptr;
  // The kind of RecordSubprogramsPass's mark of the program's accesses.
  unsigned program_access_kind_ = 0;
  // Per function: whether the function itself is runtime code.
  bool function_is_runtime_ = false;
  // Per function: whether the function itself is declared no_sanitize("thread").
  bool function_is_unchecked_ = false;
  // A source position as scope, line, column and inlined-at call site.
  using Position = std::tuple<const llvm::DIScope*, unsigned, unsigned, const llvm::DILocation*>;
  static Position position_of(const llvm::DILocation* location);
  // Per function: the positions of the calls whose callees were inlined.
  llvm::DenseSet<Position> call_site_positions_;
};

}  // namespace gorace::instrument

#endif  // GORACE_INSTRUMENT_FUNCTION_INSTRUMENTER_HPP_
