// Goroutines started by WaitGroup::go (Go's wg.Go) racing on a global: their
// creation stacks end at the user's wg.go lines, with no runtime frame.
// EXPECT: race
// ABSENT: gor/runtime.hpp
// ABSENT: gor/waitgroup.hpp
#include <gor/gor.hpp>

int counter;

int main() {
  return gor::main([] {
    gor::WaitGroup wg;
    wg.go([] { counter++; });  // RACE: A
    wg.go([] { counter++; });  // RACE: B
    wg.wait();
  });
}
