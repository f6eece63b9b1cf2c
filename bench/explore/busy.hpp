// Local work that takes real time and touches no shared memory (no
// instrumented access, so no scheduling point): it makes the usual order of
// a normal run usual. In deterministic mode it takes no virtual time.
#pragma once

#include <chrono>

inline void busy_for(std::chrono::microseconds d) {
  auto end = std::chrono::steady_clock::now() + d;
  while (std::chrono::steady_clock::now() < end) {
  }
}
