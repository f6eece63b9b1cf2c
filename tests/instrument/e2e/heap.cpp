// A heap block written by two goroutines.
// EXPECT: race
#include <gor/gor.hpp>

int main() {
  return gor::main([] {
    int* block = new int[4]();
    gor::WaitGroup wg;
    wg.add(1);
    gor::go([&] {
      block[2] = 1;  // RACE: A
      wg.done();
    });
    block[2] = 2;  // RACE: B
    wg.wait();
    delete[] block;
  });
}
