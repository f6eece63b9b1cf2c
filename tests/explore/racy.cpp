// Test program: two goroutines write `counter` with no synchronisation (a
// race in every schedule) and print in the order they ran, so stdout shows
// the schedule a seed chose.
#include <gor/gor.hpp>

#include <cstdio>

static int counter = 0;

int main() {
  return gor::main([] {
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
  });
}
