// Annotated accesses (gor::race::write) from instrumented code are named as
// the plugin names every frame (main.func1.1, the file's full path), not by
// std::source_location's raw function signature.
// EXPECT: race
// LOCATION: main.func1.1()
// ABSENT: operator()
#include <gor/gor.hpp>
#include <gor/race.hpp>

char device_buffer[8];  // written by "hardware" the compiler cannot see

int main() {
  return gor::main([] {
    gor::WaitGroup wg;
    wg.go([] {
      gor::race::write(device_buffer, 4);  // RACE: A
    });
    wg.go([] {
      gor::race::write(device_buffer + 2, 4);  // RACE: B
    });
    wg.wait();
  });
}
