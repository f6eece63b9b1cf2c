// An atomic read-modify-write still races a plain write of the same
// variable (here a compare-exchange against a plain store).
// EXPECT: race
#include <gor/gor.hpp>

#include <atomic>

long word;

int main() {
  return gor::main([] {
    gor::WaitGroup wg;
    wg.add(1);
    gor::go([&] {
      long expected = 0;
      std::atomic_ref<long>(word).compare_exchange_strong(expected, 1);  // RACE: A
      wg.done();
    });
    word = 2;  // RACE: B
    wg.wait();
  });
}
