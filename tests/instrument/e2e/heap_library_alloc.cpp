// A heap block the C++ library allocated for the program (a vector's
// elements inside make_shared): the allocation stack starts at the
// program's own call, without std::allocator's frames.
// EXPECT: race
// LOCATION: Location is heap block of size 32
// ABSENT: __new_allocator
// ABSENT: operator new
#include <gor/gor.hpp>

#include <memory>
#include <vector>

int main() {
  return gor::main([] {
    auto owner = std::make_shared<std::vector<int>>(8);
    // A plain pointer: copies of the shared_ptr would order the goroutines
    // when the first one ends (its release of the count) before main copies
    // it for the second (an acq_rel increment), which a loaded machine does.
    std::vector<int>* numbers = owner.get();
    gor::WaitGroup wg;
    wg.go([numbers] { (*numbers)[3] = 1; });  // RACE: A
    wg.go([numbers] { (*numbers)[3] = 2; });  // RACE: B
    wg.wait();
  });
}
