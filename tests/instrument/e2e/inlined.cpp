// The racing access is in a helper inlined into its callers.
// EXPECT: race
#include <gor/gor.hpp>

long total;

static inline void add(long amount) {
  total += amount;  // RACE: A
}

__attribute__((noinline)) void deposit(long amount) { add(amount); }

int main() {
  return gor::main([] {
    gor::WaitGroup wg;
    wg.add(1);
    gor::go([&] {
      deposit(1);
      wg.done();
    });
    add(2);
    wg.wait();
  });
}
