// A virtual call ordered before the delete (release/acquire on a flag): the
// vtable pointer's read and the destructors' and free's writes do not race.
// EXPECT: no race
#include <atomic>
#include <thread>

struct Shape {
  virtual ~Shape() = default;
  virtual int sides() const { return 0; }
};
struct Square : Shape {
  int sides() const override { return 4; }
};

int main() {
  Shape* shape = new Square;
  std::atomic<bool> called{false};
  std::thread caller([&] { called.store(shape->sides() == 4, std::memory_order_release); });
  while (!called.load(std::memory_order_acquire)) std::this_thread::yield();
  delete shape;
  caller.join();
}
