// The Clang plugin "gorace": -fplugin=libgorace.so alone instruments the
// translation unit. Its action runs before the main (code generation)
// action; it turns location tracking on, makes <gor/...> includable, and
// hands the instrumentation passes to the backend through
// CodeGenOptions::PassBuilderCallbacks.
#include "global_sources_consumer.hpp"
#include "instrument_pass.hpp"
#include "no_sanitize_marker.hpp"
#include "plugin_location.hpp"
#include "plugin_options.hpp"

#include <clang/Basic/DiagnosticFrontend.h>
#include <clang/Frontend/CompilerInstance.h>
#include <clang/Frontend/FrontendPluginRegistry.h>
#include <clang/Frontend/MultiplexConsumer.h>
#include <clang/Lex/HeaderSearch.h>
#include <clang/Lex/Preprocessor.h>
#include <llvm/Support/FileSystem.h>
#include <llvm/Support/Path.h>

namespace gorace::instrument {
namespace {

// The runtime's include directory, or "" when none is found: for the plugin
// in its build tree, the source tree's; for an installed one, the install's
// include directory (found from the plugin's own directory as this build's
// install lays them out, else as <prefix>/lib or a multiarch
// <prefix>/lib/<triple> beside <prefix>/include).
std::string runtime_include_dir() {
  llvm::SmallString<256> plugin_dir(plugin_path());
  llvm::sys::path::remove_filename(plugin_dir);
  bool in_build_tree = false;
  if (!llvm::sys::fs::equivalent(plugin_dir, GORACE_PLUGIN_BUILD_DIR, in_build_tree) &&
      in_build_tree)
    return GORACE_PLUGIN_SOURCE_INCLUDE_DIR;
  for (const char* relative :
       {GORACE_PLUGIN_INSTALLED_INCLUDE_FROM_LIB, "../include", "../../include"}) {
    llvm::SmallString<256> dir(plugin_dir);
    llvm::sys::path::append(dir, relative);
    llvm::sys::path::remove_dots(dir, /*remove_dot_dot=*/true);
    llvm::SmallString<256> probe(dir);
    llvm::sys::path::append(probe, "gor", "race_abi.h");
    if (llvm::sys::fs::exists(probe)) return dir.str().str();
  }
  return "";
}

// Appends the runtime's include directory as the last (system) search
// directory, so `#include <gor/gor.hpp>` works with only -fplugin and any
// -I of the user's still wins. Warns when the headers are not where an
// install puts them (a copied plugin), rather than using another tree's.
void add_runtime_include_dir(clang::CompilerInstance& compiler) {
  if (!compiler.hasPreprocessor()) return;
  const std::string dir = runtime_include_dir();
  if (dir.empty()) {
    clang::DiagnosticsEngine& diagnostics = compiler.getDiagnostics();
    diagnostics.Report(diagnostics.getCustomDiagID(
        clang::DiagnosticsEngine::Warning,
        "gorace: the runtime's headers (gor/gor.hpp) are not installed beside the plugin %0; "
        "add -I<prefix>/include"))
        << plugin_path();
    return;
  }
  if (auto entry = compiler.getFileManager().getOptionalDirectoryRef(dir)) {
    compiler.getPreprocessor().getHeaderSearchInfo().AddSystemSearchPath(
        clang::DirectoryLookup(*entry, clang::SrcMgr::C_System, /*isFramework=*/false));
  }
}

// The directories whose headers count as system headers.
std::vector<std::string> system_header_dirs(const clang::HeaderSearchOptions& options) {
  std::vector<std::string> dirs;
  for (const auto& entry : options.UserEntries) {
    switch (entry.Group) {
      case clang::frontend::System:
      case clang::frontend::ExternCSystem:
      case clang::frontend::CSystem:
      case clang::frontend::CXXSystem:
        dirs.push_back(entry.Path);
        break;
      default:
        break;
    }
  }
  for (const auto& prefix : options.SystemHeaderPrefixes) {
    if (prefix.IsSystemHeader) dirs.push_back(prefix.Prefix);
  }
  if (!options.ResourceDir.empty()) dirs.push_back(options.ResourceDir + "/include");
  return dirs;
}

// The instrumentation runs in the optimizer's pipeline, which -save-temps
// (and -Xclang -disable-llvm-passes) turn off in the step the plugin is
// loaded with the AST: the object comes out uninstrumented. Says so.
// Tells the C++ library that a race detector is watching, as
// -fsanitize=thread does. libstdc++ then leaves out shared_ptr's fast
// release of a unique owner: one 8-byte acquire load of both reference
// counts, followed by plain writes. That load acquires, in the memory, the
// weak count's release as well; a detector that keys synchronisation by
// address (TSan's, this one) sees only the use count's, and would report
// the correct release of a shared_ptr whose weak_ptr another goroutine
// dropped.
void announce_race_detector(clang::CompilerInstance& compiler) {
  clang::Preprocessor& preprocessor = compiler.getPreprocessor();
  preprocessor.setPredefines(preprocessor.getPredefines() + "#define _GLIBCXX_TSAN 1\n");
}

void warn_not_instrumented(clang::CompilerInstance& compiler) {
  clang::DiagnosticsEngine& diagnostics = compiler.getDiagnostics();
  diagnostics.Report(diagnostics.getCustomDiagID(
      clang::DiagnosticsEngine::Warning,
      "gorace: LLVM passes are off (-save-temps or -disable-llvm-passes): this translation unit "
      "is not instrumented; build without -save-temps"));
}

// The plugin action. ParseArgs validates -fplugin-arg-gorace-*; an unknown
// or malformed argument is a fatal diagnostic and the compilation fails.
class GoraceAction : public clang::PluginASTAction {
 protected:
  bool ParseArgs(const clang::CompilerInstance& compiler,
                 const std::vector<std::string>& args) override {
    const std::string error = parse_plugin_args(args, options_);
    if (error.empty()) return true;
    clang::DiagnosticsEngine& diagnostics = compiler.getDiagnostics();
    // Fatal: the compile stops here, before errors that follow from the
    // plugin not running (its headers are not on the include path).
    diagnostics.Report(diagnostics.getCustomDiagID(clang::DiagnosticsEngine::Fatal, "gorace: %0"))
        << error;
    return false;
  }

  ActionType getActionType() override { return AddBeforeMainAction; }

  std::unique_ptr<clang::ASTConsumer> CreateASTConsumer(clang::CompilerInstance& compiler,
                                                        llvm::StringRef) override {
    clang::CodeGenOptions& codegen = compiler.getCodeGenOpts();
    // Without -g, track locations (DILocations with inlined-at chains) but
    // emit no debug sections: what -Rpass does. Every access then has a file,
    // line and column at every optimisation level.
    if (codegen.getDebugInfo() == llvm::codegenoptions::NoDebugInfo) {
      codegen.setDebugInfo(llvm::codegenoptions::LocTrackingOnly);
    }
    // Goroutine stacks are fixed slots with a guard region below each: a
    // frame larger than the guard would otherwise step over it into the
    // neighbouring goroutine's stack. Probing every page of a large frame
    // (-fstack-clash-protection) makes it fault in the guard ("stack
    // overflow") instead.
    codegen.StackClashProtector = true;
    if (codegen.DisableLLVMPasses) warn_not_instrumented(compiler);
    add_runtime_include_dir(compiler);
    announce_race_detector(compiler);
    options_.system_header_dirs = system_header_dirs(compiler.getHeaderSearchOpts());
    auto sources = std::make_shared<GlobalSources>();
    codegen.PassBuilderCallbacks.push_back(
        [options = options_, sources](llvm::PassBuilder& builder) {
          register_gorace_passes(builder, options, sources);
        });
    std::vector<std::unique_ptr<clang::ASTConsumer>> consumers;
    consumers.push_back(std::make_unique<NoSanitizeMarker>());
    consumers.push_back(std::make_unique<GlobalSourcesConsumer>(sources));
    return std::make_unique<clang::MultiplexConsumer>(std::move(consumers));
  }

 private:
  PluginOptions options_;
};

const clang::FrontendPluginRegistry::Add<GoraceAction> registration(
    "gorace", "instrument memory accesses for the gorace race detector");

}  // namespace
}  // namespace gorace::instrument
