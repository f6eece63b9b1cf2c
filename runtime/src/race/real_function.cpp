#include "real_function.hpp"

#include <dlfcn.h>

#include <cstdio>
#include <cstdlib>

namespace gor::detail::race {

void* real_function(const char* name, const char* version) {
  void* f = version != nullptr ? dlvsym(RTLD_NEXT, name, version) : dlsym(RTLD_NEXT, name);
  if (f == nullptr) {
    std::fprintf(stderr, "gorace: cannot find the C library's %s%s%s\n", name,
                 version != nullptr ? "@" : "", version != nullptr ? version : "");
    std::abort();
  }
  return f;
}

}  // namespace gor::detail::race
