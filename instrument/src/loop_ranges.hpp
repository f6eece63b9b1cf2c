// Checks a loop's dense accesses at once, before the loop.
//
// A plain load or store that runs on every iteration of a loop, whose
// address steps by its own size, touches one contiguous range. When the loop
// can neither synchronise nor leave early (no calls, no atomics, one exit at
// its latch, a trip count known on entry), all of its iterations run in one
// epoch of one goroutine with nothing between them that another goroutine
// could order against: checking the whole range in the preheader finds
// exactly the races the per-iteration checks would, with one runtime call
// instead of one per iteration. The range call names the instruction's
// location and element size, so a race is still reported at the racing
// element, at the instruction's file:line.
#ifndef GORACE_INSTRUMENT_LOOP_RANGES_HPP_
#define GORACE_INSTRUMENT_LOOP_RANGES_HPP_

#include "location_table.hpp"
#include "runtime_abi.hpp"

#include <llvm/ADT/SmallVector.h>
#include <llvm/IR/DataLayout.h>
#include <llvm/IR/Function.h>
#include <llvm/IR/Instruction.h>

namespace gorace::instrument {

// Emits, in the preheaders of `function`'s loops, the range checks of the
// accesses of `plain` (plain loads and stores to instrument) that qualify,
// and removes those accesses from `plain`. Returns how many it removed.
unsigned hoist_loop_ranges(llvm::Function& function,
                           llvm::SmallVectorImpl<llvm::Instruction*>& plain, const RuntimeAbi& abi,
                           LocationTable& locations, const llvm::DataLayout& layout);

}  // namespace gorace::instrument

#endif  // GORACE_INSTRUMENT_LOOP_RANGES_HPP_
