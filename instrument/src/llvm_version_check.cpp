// Refuses, before anything else of the plugin runs, to load into a clang of
// another LLVM major version: the C++ ABI of LLVM and Clang changes between
// major versions, and a mismatched plugin would crash or miscompile later.
// The check uses LLVMGetVersion, a C entry point stable across versions, in
// a static initialiser that runs when clang loads the plugin.
#include "plugin_location.hpp"

#include <llvm-c/Core.h>
#include <llvm/Config/llvm-config.h>

#include <cstdio>
#include <cstdlib>

// The LLVM major version the plugin was compiled against. A test build
// overrides it to exercise the refusal.
#ifndef GORACE_PLUGIN_BUILT_FOR_LLVM_MAJOR
#define GORACE_PLUGIN_BUILT_FOR_LLVM_MAJOR LLVM_VERSION_MAJOR
#endif

namespace gorace::instrument {
namespace {

struct LlvmVersionCheck {
  LlvmVersionCheck() {
    unsigned major = 0, minor = 0, patch = 0;
    LLVMGetVersion(&major, &minor, &patch);
    if (major == GORACE_PLUGIN_BUILT_FOR_LLVM_MAJOR) return;
    std::fprintf(stderr,
                 "error: the gorace plugin %s was built for LLVM/Clang %d but is loaded by a "
                 "clang of LLVM %u.%u.%u; compile with clang++-%d or rebuild the plugin with "
                 "this clang\n",
                 plugin_path().c_str(), GORACE_PLUGIN_BUILT_FOR_LLVM_MAJOR, major, minor, patch,
                 GORACE_PLUGIN_BUILT_FOR_LLVM_MAJOR);
    std::_Exit(1);
  }
};

const LlvmVersionCheck llvm_version_check;

}  // namespace
}  // namespace gorace::instrument
