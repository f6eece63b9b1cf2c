// An atomic store racing a plain read of the same variable.
// EXPECT: race
#include <gor/gor.hpp>

#include <atomic>

int value;
int observed;

int main() {
  return gor::main([] {
    gor::WaitGroup wg;
    wg.add(1);
    gor::go([&] {
      std::atomic_ref<int>(value).store(1);  // RACE: A
      wg.done();
    });
    observed = value;  // RACE: B
    wg.wait();
  });
}
