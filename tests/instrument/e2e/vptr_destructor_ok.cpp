// A destructor first stores the vtable pointer already in the object (its
// own class's): no access, as under ThreadSanitizer. So a thread calling a
// virtual method, which the destructor then stops and joins, does not race
// that store.
// EXPECT: no race
#include <atomic>
#include <thread>

struct Task {
  virtual ~Task() = default;
  virtual void tick() = 0;
};

struct Runner : Task {
  std::atomic<bool> stop{false};
  std::atomic<int> ticks{0};
  std::thread thread;

  void start() {
    thread = std::thread([this] {
      while (!stop.load()) tick();
    });
  }
  void tick() override { ticks.fetch_add(1, std::memory_order_relaxed); }
  ~Runner() override {
    stop.store(true);
    thread.join();
  }
};

int main() {
  auto* runner = new Runner;
  runner->start();
  while (runner->ticks.load() < 1000) std::this_thread::yield();
  delete runner;
}
