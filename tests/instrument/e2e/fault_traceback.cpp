// A nil dereference in a goroutine's function, inlined into the runtime's
// frame that runs it, panics with that function's line on top of the
// traceback (the access that faulted), then where the goroutine was created.
// EXPECT: panic
// LOCATION: panic: runtime error: invalid memory address or nil pointer dereference
// LOCATION: main.func1.1()
// LOCATION: fault_traceback.cpp:17
// LOCATION: created by main.func1 in goroutine 1
// LOCATION: fault_traceback.cpp:16
#include <gor/gor.hpp>

int main() {
  return gor::main([] {
    auto values = gor::make_chan<int>();
    int* volatile nowhere = nullptr;
    gor::go([values, &nowhere] {
      const int value = *nowhere;
      values.send(value);
    });
    values.recv();
  });
}
