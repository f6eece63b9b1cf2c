// An exception nobody catches in a goroutine is Go's unrecovered panic: its
// message, the goroutine, its stack at the throw and where it was created,
// as Go's traceback prints them.
// EXPECT: panic
// LOCATION: panic: account overdrawn
// LOCATION: goroutine 2 [running]:
// LOCATION: withdraw()
// LOCATION: panic_traceback.cpp:15
// LOCATION: created by main.func1 in goroutine 1
#include <gor/gor.hpp>

#include <stdexcept>

void withdraw(int amount) {
  if (amount > 100) throw std::runtime_error("account overdrawn");
}

int main() {
  return gor::main([] {
    gor::WaitGroup wg;
    wg.go([] { withdraw(500); });
    wg.wait();
  });
}
