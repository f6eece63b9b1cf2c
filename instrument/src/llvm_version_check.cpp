// Refuses, before anything else of the plugin runs, to load into a clang of
// another LLVM major version: the C++ ABI of LLVM and Clang changes between
// major versions, and a mismatched plugin would crash or miscompile later.
// The check looks up LLVMGetVersion, a C entry point stable across versions
// since LLVM 16 (so found at run time: a direct call would end an older clang
// with the dynamic linker's "undefined symbol"), in a static initialiser that
// runs when clang loads the plugin.
#include "plugin_location.hpp"

#include <dlfcn.h>
#include <llvm/Config/llvm-config.h>

#include <cstdio>
#include <cstdlib>
#include <string>

// The LLVM major version the plugin was compiled against. A test build
// overrides it to exercise the refusal.
#ifndef GORACE_PLUGIN_BUILT_FOR_LLVM_MAJOR
#define GORACE_PLUGIN_BUILT_FOR_LLVM_MAJOR LLVM_VERSION_MAJOR
#endif

namespace gorace::instrument {
namespace {

struct LlvmVersionCheck {
  LlvmVersionCheck() {
    using GetVersion = void (*)(unsigned*, unsigned*, unsigned*);
    auto get_version = reinterpret_cast<GetVersion>(dlsym(RTLD_DEFAULT, "LLVMGetVersion"));
    unsigned major = 0, minor = 0, patch = 0;
    if (get_version != nullptr) get_version(&major, &minor, &patch);
    if (major == GORACE_PLUGIN_BUILT_FOR_LLVM_MAJOR) return;
    const std::string host = get_version != nullptr
                                 ? "LLVM " + std::to_string(major) + "." + std::to_string(minor) +
                                       "." + std::to_string(patch)
                                 : "an LLVM older than 16";
    std::fprintf(stderr,
                 "error: the gorace plugin %s was built for LLVM/Clang %d but is loaded by a "
                 "clang of %s; compile with clang++-%d or rebuild the plugin with this clang\n",
                 plugin_path().c_str(), GORACE_PLUGIN_BUILT_FOR_LLVM_MAJOR, host.c_str(),
                 GORACE_PLUGIN_BUILT_FOR_LLVM_MAJOR);
    std::_Exit(1);
  }
};

const LlvmVersionCheck llvm_version_check;

}  // namespace
}  // namespace gorace::instrument
