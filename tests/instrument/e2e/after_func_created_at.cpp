// The goroutine an after_func starts is created where the program armed the
// timer (Go shows time.goFunc, which says less), not at an empty stack.
// EXPECT: race
// LOCATION: after_func_created_at.cpp:20
// ABSENT: [created where no code is instrumented]
// ABSENT: [failed to restore the stack]
#include <gor/gor.hpp>

#include <chrono>

int counter;

int main() {
  return gor::main([] {
    auto done = gor::make_chan<int>();
    auto callback = [done] {
      counter++;  // RACE: A
      done.send(1);
    };
    gor::after_func(std::chrono::milliseconds(1), callback);
    counter++;  // RACE: B
    done.recv();
  });
}
