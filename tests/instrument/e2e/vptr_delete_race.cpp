// A virtual call reads the object's vtable pointer: a delete racing it (the
// destructors rewrite the pointer, the free writes the block) is reported,
// as ThreadSanitizer reports it. The slots read from the vtable itself are
// constant and never checked.
// EXPECT: race
// LOCATION: Previous read at
// LOCATION: operator delete()
#include <atomic>
#include <thread>

#include "shapes.hpp"

int main() {
  Shape* shape = new Square;
  std::atomic<bool> called{false};
  std::thread caller([&] {
    const int n = shape->sides();  // RACE: A
    called.store(n == 4, std::memory_order_relaxed);
  });
  while (!called.load(std::memory_order_relaxed)) std::this_thread::yield();
  delete shape;  // RACE: B
  caller.join();
}
