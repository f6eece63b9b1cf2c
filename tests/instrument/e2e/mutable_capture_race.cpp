// A mutable lambda's captures are its own state: two goroutines calling one
// such closure race on them (loads of a non-mutable lambda's captures are
// not checked, these are).
// EXPECT: race
#include <gor/gor.hpp>

int main() {
  return gor::main([] {
    auto next_id = [id = 0]() mutable { return ++id; };  // RACE: A
    gor::WaitGroup wg;
    for (int i = 0; i < 2; ++i) {
      wg.add(1);
      gor::go([&] {
        next_id();
        wg.done();
      });
    }
    wg.wait();
  });
}
