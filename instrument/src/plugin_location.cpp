#include "plugin_location.hpp"

#include <dlfcn.h>

namespace gorace::instrument {

std::string plugin_path() {
  Dl_info info{};
  if (dladdr(reinterpret_cast<void*>(&plugin_path), &info) == 0 || info.dli_fname == nullptr) {
    return {};
  }
  return info.dli_fname;
}

}  // namespace gorace::instrument
