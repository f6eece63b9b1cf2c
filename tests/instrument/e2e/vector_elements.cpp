// Two goroutines write the same std::vector element.
// EXPECT: race
#include <gor/gor.hpp>

#include <vector>

int main() {
  return gor::main([] {
    std::vector<int> values(8);
    gor::WaitGroup wg;
    wg.add(1);
    gor::go([&] {
      values[3] = 1;  // RACE: A
      wg.done();
    });
    values[3] = 2;  // RACE: B
    wg.wait();
  });
}
