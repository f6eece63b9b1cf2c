// Test program: two goroutines write `counter` with no synchronisation (a
// race in every schedule) and print in the order they ran, so stdout shows
// the schedule a seed chose. With the argument `exit` the main goroutine
// ends the process with exit(0) instead of returning from gor::main.
#include <gor/gor.hpp>

#include <cstdio>
#include <cstdlib>
#include <cstring>

static int counter = 0;

int main(int argc, char** argv) {
  const bool exit_inside = argc > 1 && std::strcmp(argv[1], "exit") == 0;
  return gor::main([exit_inside] {
    gor::WaitGroup wg;
    for (int id = 1; id <= 3; ++id) {
      wg.go([id] {
        for (int i = 0; i < 3; ++i) {
          counter += id;  // RACE
          std::printf("goroutine %d step %d\n", id, i);
        }
      });
    }
    wg.wait();
    std::printf("counter %d\n", counter);
    if (exit_inside) std::exit(0);
  });
}
