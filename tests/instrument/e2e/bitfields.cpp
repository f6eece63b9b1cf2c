// Adjacent bit-fields share one memory location (C++ [intro.memory]):
// writing different bit-fields concurrently is a race.
// EXPECT: race
#include <gor/gor.hpp>

struct Flags {
  unsigned ready : 1;
  unsigned done : 1;
};

Flags flags;

int main() {
  return gor::main([] {
    gor::WaitGroup wg;
    wg.add(1);
    gor::go([&] {
      flags.ready = 1;  // RACE: A
      wg.done();
    });
    flags.done = 1;  // RACE: B
    wg.wait();
  });
}
