// Distinct array elements do not race; the same element does.
// EXPECT: race
#include <gor/gor.hpp>

int cells[16];

int main() {
  return gor::main([] {
    gor::WaitGroup wg;
    wg.add(2);
    gor::go([&] {
      cells[1] = 1;  // different elements: no race
      cells[7] = 7;  // RACE: A
      wg.done();
    });
    gor::go([&] {
      cells[2] = 2;
      cells[7] = 8;  // RACE: B
      wg.done();
    });
    wg.wait();
  });
}
