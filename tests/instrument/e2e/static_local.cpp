// A function-local static: its initialisation is synchronised (the guard),
// its later unsynchronised updates race.
// EXPECT: race
#include <gor/gor.hpp>

int next_id() {
  static int id = gor::goid() > 0 ? 100 : 0;  // thread-safe initialisation
  return ++id;  // RACE: A
}

int main() {
  return gor::main([] {
    gor::WaitGroup wg;
    wg.add(2);
    for (int i = 0; i < 2; ++i) {
      gor::go([&] {
        next_id();
        wg.done();
      });
    }
    wg.wait();
  });
}
