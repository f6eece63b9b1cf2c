// Drops a range check that a later one in the same basic block covers.
//
// `std::vector<long> blk(512)` followed by a loop filling it is two range
// writes of the same 4 KiB with nothing between them: the constructor's
// memset, and the loop's check before the loop (loop_ranges.hpp). No
// instruction between the two can synchronise, so both run in one epoch of
// one goroutine: every access racing the first races the second too, which
// is at least as strong and always runs after it. The first is dropped, as
// ThreadSanitizer's pass drops a read that a later write to the same
// address covers; a race is then reported at the later check's location
// (the loop, not the constructor's memset).
#ifndef GORACE_INSTRUMENT_COVERED_RANGES_HPP_
#define GORACE_INSTRUMENT_COVERED_RANGES_HPP_

#include <llvm/IR/Function.h>

#include "runtime_abi.hpp"

namespace gorace::instrument {

// Erases, in each basic block of `function`, every range check
// (__gorace_{read,write}_{range,elements}) followed in the same block by a
// range check of the same address, at least as many bytes (both
// constants), and a write unless the first is a read, with no call between
// them but plain access checks and memory intrinsics. Returns how many it
// erased.
unsigned drop_covered_range_checks(llvm::Function& function, const RuntimeAbi& abi);

}  // namespace gorace::instrument

#endif  // GORACE_INSTRUMENT_COVERED_RANGES_HPP_
