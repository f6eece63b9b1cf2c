// Globals of code built without the plugin, which registers no record of
// them: found, when a report needs a location, in the symbol tables of the
// program's ELF files, as TSan's symbolizer finds them. Internal to
// runtime/src/race/.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace gor::detail::race {

/// A data symbol (a global or static variable) of a loaded ELF file.
struct ElfGlobal {
  uintptr_t start = 0;
  size_t size = 0;
  std::string name;  ///< demangled
};

/// The data symbol holding `addr` in the program or a shared library it
/// loaded, from the file's .symtab (else .dynsym); false if none does. Reads
/// each file's table once, at its first lookup. Thread-safe; for reports
/// (slow: it may read a file).
bool find_elf_global(uintptr_t addr, ElfGlobal& out);

}  // namespace gor::detail::race
