// Two goroutines increment a global without synchronisation.
// EXPECT: race
#include <gor/gor.hpp>

int counter;

int main() {
  return gor::main([] {
    gor::WaitGroup wg;
    wg.add(2);
    for (int i = 0; i < 2; ++i) {
      gor::go([&] {
        counter++;  // RACE: A
        wg.done();
      });
    }
    wg.wait();
  });
}
