#include "source_filter.hpp"

#include <llvm/ADT/StringRef.h>

#include <algorithm>

namespace gorace::instrument {
namespace {

constexpr llvm::StringLiteral kRuntimeHeaderMarker = "/include/gor/";

// Fallback system locations, for headers reached through paths the header
// search options do not spell the same way.
constexpr llvm::StringLiteral kDefaultSystemDirs[] = {"/usr/include/", "/usr/lib/",
                                                      "/usr/local/include/"};

}  // namespace

std::string full_path(const llvm::DIFile* file) {
  if (file == nullptr) return {};
  const llvm::StringRef name = file->getFilename();
  const llvm::StringRef dir = file->getDirectory();
  if (name.starts_with("/") || dir.empty()) return name.str();
  return (dir + "/" + name).str();
}

SourceFilter::SourceFilter(const PluginOptions& options, SubprogramTable& subprograms)
    : system_dirs_(options.system_header_dirs), subprograms_(subprograms) {
  for (llvm::StringRef dir : kDefaultSystemDirs) system_dirs_.push_back(dir.str());
  for (std::string& dir : system_dirs_) {
    if (!dir.empty() && dir.back() != '/') dir += '/';
  }
}

SourceFilter::Origin SourceFilter::classify_file(const llvm::DIFile* file) {
  auto [it, inserted] = file_origin_.try_emplace(file, Origin::kUser);
  if (!inserted) return it->second;
  const std::string path = full_path(file);
  if (llvm::StringRef(path).contains(kRuntimeHeaderMarker)) {
    it->second = Origin::kRuntime;
  } else {
    for (const std::string& dir : system_dirs_) {
      if (llvm::StringRef(path).starts_with(dir)) {
        it->second = Origin::kSystem;
        break;
      }
    }
  }
  return it->second;
}

SourceFilter::Origin SourceFilter::classify_frame(const llvm::DILocalScope* scope) {
  if (scope == nullptr) return Origin::kUser;
  if (const llvm::DISubprogram* sp = scope->getSubprogram()) {
    if (subprograms_.is_ignored(sp)) return Origin::kRuntime;
    if (subprograms_.is_caller_code(sp)) return Origin::kCaller;
  }
  return classify_file(scope->getFile());
}

bool SourceFilter::is_runtime_code(const llvm::DILocation* location) {
  for (const llvm::DILocation* frame = location; frame != nullptr; frame = frame->getInlinedAt()) {
    switch (classify_frame(frame->getScope())) {
      case Origin::kRuntime:
        return true;
      case Origin::kUser:
      case Origin::kCaller:
        return false;
      case Origin::kSystem:
        break;
    }
  }
  return false;
}

bool SourceFilter::is_unchecked_code(const llvm::DILocation* location) {
  for (const llvm::DILocation* frame = location; frame != nullptr; frame = frame->getInlinedAt()) {
    const llvm::DILocalScope* scope = frame->getScope();
    const llvm::DISubprogram* sp = scope != nullptr ? scope->getSubprogram() : nullptr;
    if (sp != nullptr && subprograms_.is_unchecked(sp)) return true;
    if (classify_frame(scope) != Origin::kSystem) return false;
  }
  return false;
}

bool SourceFilter::is_runtime_subprogram(const llvm::DISubprogram* sp) {
  return classify_frame(sp) == Origin::kRuntime;
}

bool SourceFilter::is_user_subprogram(const llvm::DISubprogram* sp) {
  return classify_frame(sp) == Origin::kUser;
}

bool SourceFilter::is_program_subprogram(const llvm::DISubprogram* sp) {
  const Origin origin = classify_frame(sp);
  return origin == Origin::kUser || origin == Origin::kCaller;
}

bool SourceFilter::has_user_frame(const llvm::DILocation* location) {
  for (const llvm::DILocation* frame = location; frame != nullptr; frame = frame->getInlinedAt()) {
    const Origin origin = classify_frame(frame->getScope());
    if (origin == Origin::kUser || origin == Origin::kCaller) return true;
  }
  return false;
}

llvm::SmallVector<const llvm::DILocation*, 8> SourceFilter::reported_frames(
    const llvm::DILocation* location) {
  llvm::SmallVector<const llvm::DILocation*, 8> all;
  for (const llvm::DILocation* frame = location; frame != nullptr; frame = frame->getInlinedAt()) {
    all.push_back(frame);
  }
  // Outermost to innermost: a system frame is kept unless the nearest
  // non-system frame outside it is runtime code. System frames between
  // caller code and a user frame are the plumbing that calls the program's
  // function (std::apply, std::invoke): kept only when the access is in
  // them (a destructor the caller code runs), not on the way to user code.
  llvm::SmallVector<const llvm::DILocation*, 8> kept;
  llvm::SmallVector<const llvm::DILocation*, 8> plumbing;
  bool called_from_runtime = false;
  bool after_caller_code = false;
  bool caller_code = false;
  for (auto it = all.rbegin(); it != all.rend(); ++it) {
    switch (classify_frame((*it)->getScope())) {
      case Origin::kRuntime:
        called_from_runtime = true;
        after_caller_code = false;
        break;
      case Origin::kUser:
        called_from_runtime = false;
        after_caller_code = false;
        plumbing.clear();
        kept.push_back(*it);
        break;
      case Origin::kCaller:  // not shown, but what it calls is the caller's
        called_from_runtime = false;
        after_caller_code = true;
        caller_code = true;
        break;
      case Origin::kSystem:
        if (after_caller_code) {
          plumbing.push_back(*it);
        } else if (!called_from_runtime) {
          kept.push_back(*it);
        }
        break;
    }
  }
  kept.append(plumbing.begin(), plumbing.end());
  // Caller code alone shows nothing: the stack goes on with its caller.
  if (kept.empty()) return caller_code ? kept : all;
  std::reverse(kept.begin(), kept.end());
  return kept;
}

}  // namespace gorace::instrument
