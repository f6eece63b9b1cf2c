// The static __gorace_loc records of a module (see gor/race_abi.h).
#ifndef GORACE_INSTRUMENT_LOCATION_TABLE_HPP_
#define GORACE_INSTRUMENT_LOCATION_TABLE_HPP_

#include "source_filter.hpp"
#include "subprogram_table.hpp"

#include <llvm/ADT/DenseMap.h>
#include <llvm/ADT/StringMap.h>
#include <llvm/IR/Constants.h>
#include <llvm/IR/DerivedTypes.h>
#include <llvm/IR/Instruction.h>
#include <llvm/IR/Module.h>

#include <map>
#include <string>
#include <tuple>

namespace gorace::instrument {

// Creates and deduplicates the private constant records
//   struct __gorace_loc { const char* function; const char* file;
//                         uint32_t line; uint32_t column;
//                         const struct __gorace_loc* inlined_at; };
// of one module. Identical records (same function, file, line, column and
// inlined-at chain) are emitted once; strings are shared.
class LocationTable {
 public:
  LocationTable(llvm::Module& module, SubprogramTable& subprograms, SourceFilter& filter);

  // The record of `instruction`: its debug location with the inlined-at
  // chain as further records; without one, the location of a user of its
  // value or of the next located instruction in its block, else the
  // function's declaration line.
  llvm::Constant* for_instruction(const llvm::Instruction& instruction);

  // The record of a debug location, its inlined-at chain as further
  // records, without runtime frames (SourceFilter::reported_frames).
  llvm::Constant* for_location(const llvm::DILocation* location);

  // A private constant C string (shared among equal strings).
  llvm::Constant* string(llvm::StringRef text);

  // The type of one record.
  llvm::StructType* record_type() const { return record_type_; }

 private:
  llvm::Constant* record(const std::string& function, const std::string& file, unsigned line,
                         unsigned column, llvm::Constant* inlined_at);

  llvm::Module& module_;
  SubprogramTable& subprograms_;
  SourceFilter& filter_;
  llvm::StructType* record_type_;
  llvm::DenseMap<const llvm::DILocation*, llvm::Constant*> by_location_;
  llvm::DenseMap<const llvm::Function*, llvm::Constant*> by_function_;
  std::map<std::tuple<std::string, std::string, unsigned, unsigned, llvm::Constant*>,
           llvm::Constant*>
      records_;
  llvm::StringMap<llvm::Constant*> strings_;
};

}  // namespace gorace::instrument

#endif  // GORACE_INSTRUMENT_LOCATION_TABLE_HPP_
