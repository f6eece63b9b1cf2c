// A context with a timeout, used and canceled: the runtime's timer drops
// the last reference to the context's node as often as the program does.
// Freeing it after the program's (instrumented) reference-count decrement
// is no race: the runtime's own count is out of the detector's sight, so
// its free records no access (it was reported in most runs).
// EXPECT: no race
#include <chrono>
#include <cstdio>

#include "gor/gor.hpp"

using namespace std::chrono_literals;

int main() {
  return gor::main([] {
    int timeouts = 0;
    for (int i = 0; i < 300; i++) {
      auto [ctx, cancel] = gor::with_timeout(gor::background(), 1ms);
      if (gor::select(gor::recv(ctx.done()), gor::recv(gor::after(1ms))) == 0) timeouts++;
      cancel();
    }
    for (int i = 0; i < 100; i++) {  // canceled by another goroutine near the deadline
      auto [ctx, cancel] = gor::with_timeout(gor::background(), 1ms);
      gor::go([cancel] {
        gor::sleep(1ms);
        cancel();
      });
      ctx.done().recv();
    }
    std::printf("timeouts seen: %d\n", timeouts > 0);
  });
}
