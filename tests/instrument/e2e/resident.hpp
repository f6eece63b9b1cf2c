// The process's resident memory, for the e2e programs that check the
// detector's memory (shadow_words_ok.cpp, heap_small_blocks_ok.cpp).
#pragma once

#include <cstdlib>
#include <fstream>
#include <string>

/// VmRSS from /proc/self/status, in KiB; -1 if absent.
inline long resident_kib() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line))
    if (line.rfind("VmRSS:", 0) == 0) return std::atol(line.c_str() + 6);
  return -1;
}
