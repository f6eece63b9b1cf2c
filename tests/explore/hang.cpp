// Test program: never finishes (a goroutine loops forever), for explore's
// timeout handling.
#include <gor/gor.hpp>

#include <cstdio>

static volatile bool stop = false;

int main() {
  return gor::main([] {
    std::printf("started\n");
    std::fflush(stdout);
    while (!stop) gor::yield();
  });
}
