// Test program: goroutines share `total` under a mutex and hand results over
// a channel: no race in any schedule.
#include <gor/gor.hpp>

#include <cstdio>

static int total = 0;
static gor::Mutex mu;

int main() {
  return gor::main([] {
    auto results = gor::make_chan<int>(2);
    for (int id = 1; id <= 3; ++id) {
      gor::go([id, results] {
        mu.lock();
        total += id;
        mu.unlock();
        results.send(id);
      });
    }
    int sum = 0;
    for (int i = 0; i < 3; ++i) sum += results.recv();
    mu.lock();
    std::printf("sum %d total %d\n", sum, total);
    mu.unlock();
  });
}
