// memcpy into a buffer racing a plain store into it.
// EXPECT: race
#include <gor/gor.hpp>

#include <cstring>

char buffer[64];
char source[64] = "a source long enough to overlap the racing store";

int main() {
  return gor::main([] {
    gor::WaitGroup wg;
    wg.add(1);
    gor::go([&] {
      std::memcpy(buffer, source, sizeof buffer);  // RACE: A
      wg.done();
    });
    buffer[10] = 'x';  // RACE: B
    wg.wait();
  });
}
