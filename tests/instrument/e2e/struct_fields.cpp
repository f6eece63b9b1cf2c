// Different fields of one struct do not race, even when adjacent.
// EXPECT: no race
#include <gor/gor.hpp>

struct Pair {
  int left;
  int right;
  char flag_a;
  char flag_b;
};

int main() {
  return gor::main([] {
    Pair pair{};
    gor::WaitGroup wg;
    wg.add(2);
    gor::go([&] {
      for (int i = 0; i < 100; ++i) pair.left += i;
      pair.flag_a = 1;
      wg.done();
    });
    gor::go([&] {
      for (int i = 0; i < 100; ++i) pair.right += i;
      pair.flag_b = 1;
      wg.done();
    });
    wg.wait();
    return pair.left + pair.right > 0 ? 0 : 1;
  });
}
