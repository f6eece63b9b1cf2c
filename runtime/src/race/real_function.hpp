// The C library's definitions of the functions the race runtime replaces.
// Internal to runtime/src/race/.
#pragma once

namespace gor::detail::race {

/// The next definition of `name` after the runtime's replacement (the C
/// library's: dlsym(RTLD_NEXT)), or with `version` that version of it
/// (dlvsym: for functions the C library keeps in several versions, where
/// dlsym may not give the one programs link against). Aborts with a message
/// naming the function when there is none.
void* real_function(const char* name, const char* version = nullptr);

/// real_function() as a function pointer of type `Fn`.
template <class Fn>
Fn real_function_as(const char* name, const char* version = nullptr) {
  return reinterpret_cast<Fn>(real_function(name, version));
}

}  // namespace gor::detail::race
