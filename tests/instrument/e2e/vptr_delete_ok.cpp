// A virtual call ordered before the delete (release/acquire on a flag): the
// vtable pointer's read and the destructors' and free's writes do not race.
// EXPECT: no race
#include <atomic>
#include <thread>

#include "shapes.hpp"

int main() {
  Shape* shape = new Square;
  std::atomic<bool> called{false};
  std::thread caller([&] { called.store(shape->sides() == 4, std::memory_order_release); });
  while (!called.load(std::memory_order_acquire)) std::this_thread::yield();
  delete shape;
  caller.join();
}
