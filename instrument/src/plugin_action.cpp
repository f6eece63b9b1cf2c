// The Clang plugin "gorace": -fplugin=libgorace.so alone instruments the
// translation unit. Its action runs before the main (code generation)
// action; it turns location tracking on, makes <gor/...> includable, and
// hands the instrumentation passes to the backend through
// CodeGenOptions::PassBuilderCallbacks.
#include "global_sources_consumer.hpp"
#include "instrument_pass.hpp"
#include "plugin_location.hpp"
#include "plugin_options.hpp"

#include <clang/Basic/DiagnosticFrontend.h>
#include <clang/Frontend/CompilerInstance.h>
#include <clang/Frontend/FrontendPluginRegistry.h>
#include <clang/Lex/HeaderSearch.h>
#include <clang/Lex/Preprocessor.h>
#include <llvm/Support/FileSystem.h>
#include <llvm/Support/Path.h>

namespace gorace::instrument {
namespace {

// The runtime's include directory: <prefix>/include next to an installed
// <prefix>/lib/libgorace.so, else the source tree the plugin was built from.
std::string runtime_include_dir() {
  llvm::SmallString<256> installed(plugin_path());
  llvm::sys::path::remove_filename(installed);
  llvm::sys::path::remove_filename(installed);
  llvm::sys::path::append(installed, "include");
  llvm::SmallString<256> probe(installed);
  llvm::sys::path::append(probe, "gor", "race_abi.h");
  if (llvm::sys::fs::exists(probe)) return installed.str().str();
  return GORACE_PLUGIN_SOURCE_INCLUDE_DIR;
}

// Appends the runtime's include directory as the last (system) search
// directory, so `#include <gor/gor.hpp>` works with only -fplugin and any
// -I of the user's still wins.
void add_runtime_include_dir(clang::CompilerInstance& compiler) {
  if (!compiler.hasPreprocessor()) return;
  const std::string dir = runtime_include_dir();
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

// The plugin action. ParseArgs validates -fplugin-arg-gorace-*; an unknown
// or malformed argument is an error diagnostic and the compilation fails.
class GoraceAction : public clang::PluginASTAction {
 protected:
  bool ParseArgs(const clang::CompilerInstance& compiler,
                 const std::vector<std::string>& args) override {
    const std::string error = parse_plugin_args(args, options_);
    if (error.empty()) return true;
    clang::DiagnosticsEngine& diagnostics = compiler.getDiagnostics();
    diagnostics.Report(diagnostics.getCustomDiagID(clang::DiagnosticsEngine::Error, "gorace: %0"))
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
    add_runtime_include_dir(compiler);
    options_.system_header_dirs = system_header_dirs(compiler.getHeaderSearchOpts());
    auto sources = std::make_shared<GlobalSources>();
    codegen.PassBuilderCallbacks.push_back(
        [options = options_, sources](llvm::PassBuilder& builder) {
          register_gorace_passes(builder, options, sources);
        });
    return std::make_unique<GlobalSourcesConsumer>(sources);
  }

 private:
  PluginOptions options_;
};

const clang::FrontendPluginRegistry::Add<GoraceAction> registration(
    "gorace", "instrument memory accesses for the gorace race detector");

}  // namespace
}  // namespace gorace::instrument
