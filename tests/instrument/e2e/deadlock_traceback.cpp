// A deadlock lists every blocked goroutine as Go's does: what it waits for,
// its stack down to the blocking call, and where it was created.
// EXPECT: panic
// LOCATION: fatal error: all goroutines are asleep - deadlock!
// LOCATION: goroutine 1 [chan receive]:
// LOCATION: goroutine 2 [chan send]:
// LOCATION: publish()
// LOCATION: deadlock_traceback.cpp:13
// LOCATION: created by main.func1 in goroutine 1
#include <gor/gor.hpp>

void publish(gor::Chan<int> results, int value) {
  results.send(value);  // nobody receives the second
}

int main() {
  return gor::main([] {
    auto results = gor::make_chan<int>();
    gor::go([results] {
      publish(results, 1);
      publish(results, 2);
    });
    results.recv();
    auto done = gor::make_chan<int>();
    done.recv();  // never sent
  });
}
