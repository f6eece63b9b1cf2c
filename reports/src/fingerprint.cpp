// fingerprint: FNV-1a 64 over the sorted pair of stack signatures.
#include <algorithm>
#include <cstdio>

#include "gorace/report/writers.hpp"

namespace gorace::report {
namespace {

/// Function, file name and line of every frame; no addresses, ids, columns
/// or directories (the same race built in two checkouts is one race).
std::string stack_signature(const Stack& stack) {
  std::string sig;
  for (const Frame& f : stack) {
    sig += f.function;
    sig += '\x1f';
    const size_t slash = f.file.rfind('/');
    sig += slash == std::string::npos ? std::string_view(f.file)
                                      : std::string_view(f.file).substr(slash + 1);
    sig += '\x1f';
    sig += std::to_string(f.line);
    sig += '\x1e';
  }
  return sig;
}

uint64_t fnv1a64(std::string_view data, uint64_t h = 0xcbf29ce484222325ull) {
  for (unsigned char c : data) {
    h ^= c;
    h *= 0x100000001b3ull;
  }
  return h;
}

}  // namespace

std::string fingerprint(const Race& race) {
  std::string a = stack_signature(race.current.stack);
  std::string b = stack_signature(race.previous.stack);
  if (b < a) std::swap(a, b);
  uint64_t h = fnv1a64(a);
  h = fnv1a64("\x1d", h);  // separates the two signatures
  h = fnv1a64(b, h);
  char buf[20];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

}  // namespace gorace::report
