// A local of main captured by reference by a goroutine's lambda.
// EXPECT: race
#include <gor/gor.hpp>

int main() {
  return gor::main([] {
    int shared = 0;
    auto done = gor::make_chan<bool>();
    gor::go([&] {
      shared = 1;  // RACE: A
      done.send(true);
    });
    shared = 2;  // RACE: B
    done.recv();
  });
}
