// A static struct global that the optimizer splits into its fields (at -O1
// and up box becomes _ZL3box.0) is still named by its declaration, not
// "(.0)".
// EXPECT: race
// LOCATION: Location is global 'box' of size 4
#include <gor/gor.hpp>

#include <cstdio>

template <typename T>
struct Box {
  T v;
  void set(T x) {
    v = x;  // RACE: A
  }
};

static Box<int> box;

int main() {
  return gor::main([] {
    gor::WaitGroup wg;
    wg.go([] { box.set(1); });
    wg.go([] { box.set(2); });
    wg.wait();
    std::printf("%d\n", box.v);
  });
}
