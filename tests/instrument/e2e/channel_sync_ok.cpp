// Accesses ordered by a channel and a WaitGroup do not race.
// EXPECT: no race
#include <gor/gor.hpp>

#include <vector>

int main() {
  return gor::main([] {
    std::vector<int> data(16);
    auto ready = gor::make_chan<int>(1);
    gor::go([&] {
      for (int i = 0; i < 16; ++i) data[i] = i;
      ready.send(1);
    });
    ready.recv();
    long sum = 0;
    for (int v : data) sum += v;
    gor::WaitGroup wg;
    wg.add(1);
    gor::go([&] {
      data[0] = 42;
      wg.done();
    });
    wg.wait();
    return sum == 120 && data[0] == 42 ? 0 : 1;
  });
}
