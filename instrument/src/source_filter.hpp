// Decides which code belongs to the gorace runtime's own headers and must
// not be instrumented (no false positive from inside gor::Chan, gor::Mutex..).
#ifndef GORACE_INSTRUMENT_SOURCE_FILTER_HPP_
#define GORACE_INSTRUMENT_SOURCE_FILTER_HPP_

#include "plugin_options.hpp"
#include "subprogram_table.hpp"

#include <llvm/ADT/DenseMap.h>
#include <llvm/ADT/SmallVector.h>
#include <llvm/IR/DebugInfoMetadata.h>

#include <string>
#include <vector>

namespace gorace::instrument {

// The rule: an access (or a function) is runtime code when, walking its
// frames from the innermost outwards (DILocation scope, then each inlined-at
// call site), skipping frames in system headers (libstdc++, libc), the first
// remaining frame is
//   - in a file whose path contains "/include/gor/" (the runtime's public
//     headers, in the source tree or installed), or
//   - in a function marked __attribute__((annotate("gorace_ignore"))) or
//     __attribute__((disable_sanitizer_instrumentation)).
// So std::deque code inlined into gor::Chan is runtime code, while a user
// lambda inlined into a runtime template, and std::vector code inlined into
// user code, are user code. When every frame is a system header's, the
// access is user code (a non-inlined std::vector member touches user data).
// A runtime helper annotated __attribute__((annotate("gorace_caller_code")))
// counts as user code that reports do not show: gor::go's copies of its
// arguments (std::vector's copy inlined into it) read the caller's data.
class SourceFilter {
 public:
  SourceFilter(const PluginOptions& options, SubprogramTable& subprograms);

  // True when the access at `location` is runtime code (see above).
  bool is_runtime_code(const llvm::DILocation* location);

  // True when the plain access at `location` is in a function declared
  // no_sanitize("thread"): the first frame that is not a system header's
  // (as for is_runtime_code) is such a function's.
  bool is_unchecked_code(const llvm::DILocation* location);

  // True when the function described by `sp` is declared no_sanitize("thread").
  bool is_unchecked_subprogram(const llvm::DISubprogram* sp) const {
    return subprograms_.is_unchecked(sp);
  }

  // True when the function described by `sp` runs a goroutine's task (see
  // SubprogramTable::is_goroutine_entry).
  bool is_goroutine_entry(const llvm::DISubprogram* sp) const {
    return subprograms_.is_goroutine_entry(sp);
  }

  // True when a whole function, described by `sp`, is runtime code.
  bool is_runtime_subprogram(const llvm::DISubprogram* sp);

  // True when `sp` is the user's code: neither runtime code nor a system
  // header's.
  bool is_user_subprogram(const llvm::DISubprogram* sp);

  // True when `sp` is the program's code: the user's, or caller code.
  bool is_program_subprogram(const llvm::DISubprogram* sp);

  // True when some frame of `location` (or its inlined-at chain) is user code.
  bool has_user_frame(const llvm::DILocation* location);

  // The frames of `location` (innermost first: the location, then its
  // inlined-at chain) that reports show: runtime frames are dropped, and so
  // are system-header frames called from runtime code (std::invoke between
  // gor::go's trampoline and the user's lambda), as Go's reports show no
  // runtime frames around user code. If nothing is left, all frames, or
  // none when the location is caller code's (kCaller).
  llvm::SmallVector<const llvm::DILocation*, 8> reported_frames(const llvm::DILocation* location);

 private:
  // kCaller: a runtime helper annotated "gorace_caller_code", user code
  // that reports do not show.
  enum class Origin { kUser, kSystem, kRuntime, kCaller };
  Origin classify_file(const llvm::DIFile* file);
  Origin classify_frame(const llvm::DILocalScope* scope);

  std::vector<std::string> system_dirs_;
  SubprogramTable& subprograms_;
  llvm::DenseMap<const llvm::DIFile*, Origin> file_origin_;
};

// The full path of a debug-info file ("dir/name" unless name is absolute).
std::string full_path(const llvm::DIFile* file);

}  // namespace gorace::instrument

#endif  // GORACE_INSTRUMENT_SOURCE_FILTER_HPP_
