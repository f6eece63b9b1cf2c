// Test program: two goroutines race, then the process aborts before its exit
// handlers run: the race must still be in the run's log.
#include <gor/gor.hpp>

#include <cstdlib>

static int counter = 0;

int main() {
  return gor::main([] {
    gor::WaitGroup wg;
    for (int id = 1; id <= 2; ++id) wg.go([id] { counter += id; });
    wg.wait();
    std::abort();
  });
}
