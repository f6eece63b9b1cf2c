#include "plugin_options.hpp"

#include <llvm/ADT/StringRef.h>
#include <llvm/Support/Regex.h>

namespace gorace::instrument {

std::string parse_plugin_args(const std::vector<std::string>& args, PluginOptions& out) {
  for (const std::string& arg : args) {
    const auto eq = arg.find('=');
    const std::string name = arg.substr(0, eq);
    const bool has_value = eq != std::string::npos;
    const std::string value = has_value ? arg.substr(eq + 1) : std::string();
    if (name == "verbose" && !has_value) {
      out.verbose = true;
    } else if (name == "no-loop-checks" && !has_value) {
      out.loop_checks = false;
    } else if (name == "ignore" && has_value && !value.empty()) {
      std::string regex_error;
      const llvm::Regex regex{llvm::StringRef(value)};
      if (!regex.isValid(regex_error)) {
        return "invalid regular expression in -fplugin-arg-gorace-" + arg + ": " + regex_error;
      }
      out.ignore_regex = value;
    } else if (name == "verbose" || name == "ignore" || name == "no-loop-checks") {
      return "malformed plugin argument '-fplugin-arg-gorace-" + arg + "' (" + kPluginArgsHelp +
             ")";
    } else {
      return "unknown plugin argument '-fplugin-arg-gorace-" + arg + "' (" + kPluginArgsHelp + ")";
    }
  }
  return {};
}

}  // namespace gorace::instrument
