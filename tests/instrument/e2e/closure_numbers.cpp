// Closures are numbered in source order within their function, as Go
// numbers them: the goroutine's lambda (no parameters) is main.func1.1 and
// the select callback (an int parameter) main.func1.2; the demangler's own
// numbers count per parameter list and call both #1. The WaitGroup only
// makes the goroutine's write happen before the program ends (without it,
// main could return first, once in a full test run); it orders nothing
// before main's write.
// EXPECT: race
// LOCATION: main.func1.1()
// LOCATION: main.func1.2()
#include <gor/gor.hpp>

int last_value;

int main() {
  return gor::main([] {
    auto values = gor::make_chan<int>(1);
    gor::WaitGroup wg;
    wg.add(1);
    gor::go([&] {
      values.send(2);
      last_value = 1;  // RACE: A
      wg.done();
    });
    gor::select(gor::recv(values, [&](int v) { last_value = v; }),  // RACE: B
                gor::recv(gor::make_chan<int>(), [](int) {}));
    wg.wait();
  });
}
