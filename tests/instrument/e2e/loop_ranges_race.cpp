// A loop filling an array races with a loop summing it (at -O2 both loops
// are checked as ranges before they run; the report still names the lines
// in the loops).
// EXPECT: race
#include <gor/gor.hpp>

#include <cstdio>
#include <vector>

[[gnu::noinline]] void fill(std::vector<long>& values, long base) {
  for (size_t i = 0; i < values.size(); ++i) values[i] = base + static_cast<long>(i);  // RACE: A
}

[[gnu::noinline]] long sum_of_squares(const std::vector<long>& values) {
  long sum = 0;
  for (long v : values) sum += v * v;  // RACE: B
  return sum;
}

int main() {
  return gor::main([] {
    std::vector<long> values(512);
    gor::WaitGroup wg;
    wg.add(1);
    gor::go([&] {
      fill(values, 3);
      wg.done();
    });
    std::printf("%ld\n", sum_of_squares(values));
    wg.wait();
  });
}
