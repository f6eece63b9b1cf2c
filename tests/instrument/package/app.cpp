// Built against the installed package: must report its race (exit 66).
#include <gor/gor.hpp>

int counter;

int main() {
  return gor::main([] {
    gor::WaitGroup wg;
    wg.add(2);
    for (int i = 0; i < 2; ++i) {
      gor::go([&] {
        counter++;
        wg.done();
      });
    }
    wg.wait();
  });
}
