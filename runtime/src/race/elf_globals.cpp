#include "elf_globals.hpp"

#include <cxxabi.h>
#include <elf.h>
#include <fcntl.h>
#include <link.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>
#include <vector>

namespace gor::detail::race {
namespace {

/// The data symbols of one loaded file, relocated, sorted by address.
using SymbolTable = std::vector<ElfGlobal>;

std::string demangle(const char* name) {
  int status = 0;
  char* out = abi::__cxa_demangle(name, nullptr, nullptr, &status);
  if (status != 0 || out == nullptr) return name;
  std::string s(out);
  std::free(out);
  return s;
}

/// Appends the sized object symbols of section `symtab` (its strings in the
/// section it links to) to `out`, relocated by `bias`.
void read_symbols(const char* base, size_t length, const Elf64_Shdr* sections, size_t count,
                  const Elf64_Shdr& symtab, uintptr_t bias, SymbolTable& out) {
  if (symtab.sh_link >= count || symtab.sh_entsize != sizeof(Elf64_Sym)) return;
  const Elf64_Shdr& strtab = sections[symtab.sh_link];
  if (symtab.sh_offset + symtab.sh_size > length || strtab.sh_offset + strtab.sh_size > length)
    return;
  const auto* symbols = reinterpret_cast<const Elf64_Sym*>(base + symtab.sh_offset);
  const char* strings = base + strtab.sh_offset;
  for (size_t i = 0; i < symtab.sh_size / sizeof(Elf64_Sym); i++) {
    const Elf64_Sym& s = symbols[i];
    if (ELF64_ST_TYPE(s.st_info) != STT_OBJECT || s.st_size == 0 || s.st_shndx == SHN_UNDEF ||
        s.st_name >= strtab.sh_size)
      continue;
    const char* name = strings + s.st_name;
    if (std::memchr(name, '\0', strtab.sh_size - s.st_name) == nullptr) continue;
    out.push_back(ElfGlobal{bias + s.st_value, s.st_size, demangle(name)});
  }
}

/// The data symbols of the ELF file at `path`, loaded at `bias`; empty if it
/// cannot be read.
SymbolTable load_symbols(const std::string& path, uintptr_t bias) {
  SymbolTable table;
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return table;
  struct stat st {};
  void* map = MAP_FAILED;
  if (::fstat(fd, &st) == 0 && st.st_size >= static_cast<off_t>(sizeof(Elf64_Ehdr)))
    map = ::mmap(nullptr, static_cast<size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
  ::close(fd);
  if (map == MAP_FAILED) return table;
  const auto* base = static_cast<const char*>(map);
  const auto length = static_cast<size_t>(st.st_size);
  const auto* header = reinterpret_cast<const Elf64_Ehdr*>(base);
  if (std::memcmp(header->e_ident, ELFMAG, SELFMAG) == 0 &&
      header->e_ident[EI_CLASS] == ELFCLASS64 && header->e_shentsize == sizeof(Elf64_Shdr) &&
      header->e_shoff + header->e_shnum * sizeof(Elf64_Shdr) <= length) {
    const auto* sections = reinterpret_cast<const Elf64_Shdr*>(base + header->e_shoff);
    // The full table when the file keeps one (not stripped), else the
    // exported symbols.
    const Elf64_Shdr* chosen = nullptr;
    for (size_t i = 0; i < header->e_shnum; i++) {
      if (sections[i].sh_type == SHT_SYMTAB) chosen = &sections[i];
      if (sections[i].sh_type == SHT_DYNSYM && chosen == nullptr) chosen = &sections[i];
    }
    if (chosen != nullptr)
      read_symbols(base, length, sections, header->e_shnum, *chosen, bias, table);
  }
  ::munmap(map, length);
  std::sort(table.begin(), table.end(),
            [](const ElfGlobal& a, const ElfGlobal& b) { return a.start < b.start; });
  return table;
}

/// The loaded file holding `addr`: its path and load bias.
struct Module {
  uintptr_t addr = 0;
  std::string path;
  uintptr_t bias = 0;
  bool found = false;
};

int find_module(dl_phdr_info* info, size_t, void* data) {
  auto* m = static_cast<Module*>(data);
  for (int i = 0; i < info->dlpi_phnum; i++) {
    const ElfW(Phdr)& p = info->dlpi_phdr[i];
    const uintptr_t start = info->dlpi_addr + p.p_vaddr;
    if (p.p_type != PT_LOAD || m->addr < start || m->addr - start >= p.p_memsz) continue;
    // The program itself has an empty name.
    m->path = info->dlpi_name[0] != '\0' ? info->dlpi_name : "/proc/self/exe";
    m->bias = info->dlpi_addr;
    m->found = true;
    return 1;
  }
  return 0;
}

std::mutex g_tables_lock;
// Path -> its symbol table (read once, never freed).
std::map<std::string, SymbolTable>& tables() {
  static auto* t = new std::map<std::string, SymbolTable>();
  return *t;
}

}  // namespace

bool find_elf_global(uintptr_t addr, ElfGlobal& out) {
  Module m;
  m.addr = addr;
  dl_iterate_phdr(find_module, &m);
  if (!m.found) return false;
  std::lock_guard<std::mutex> guard(g_tables_lock);
  auto it = tables().find(m.path);
  if (it == tables().end()) it = tables().emplace(m.path, load_symbols(m.path, m.bias)).first;
  const SymbolTable& table = it->second;
  auto after = std::upper_bound(table.begin(), table.end(), addr,
                                [](uintptr_t a, const ElfGlobal& g) { return a < g.start; });
  if (after == table.begin()) return false;
  const ElfGlobal& g = *(after - 1);
  if (addr - g.start >= g.size) return false;
  out = g;
  return true;
}

}  // namespace gor::detail::race
