// A variable on the main goroutine's stack, written by a goroutine it shares
// the variable with: the report locates it on that goroutine's stack.
// EXPECT: race
// LOCATION: Location is stack of main goroutine.
#include <gor/gor.hpp>

int main() {
  return gor::main([] {
    int counter = 0;
    gor::WaitGroup wg;
    wg.add(1);
    gor::go([&] {
      counter = 1;  // RACE: A
      wg.done();
    });
    counter = 2;  // RACE: B
    wg.wait();
  });
}
