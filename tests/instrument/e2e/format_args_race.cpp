// A string printed with %s is read by the C library: a goroutine writing it
// unordered with the printf races. The arguments before it (an int, a
// double, a long) are skipped by their types to find it.
// EXPECT: race
#include <gor/gor.hpp>

#include <chrono>
#include <cstdio>
#include <cstring>

using namespace std::chrono_literals;

char name[16] = "gopher";

int main() {
  return gor::main([] {
    gor::WaitGroup wg;
    wg.go([] { name[0] = 'G'; });  // RACE: A
    gor::sleep(10ms);
    std::printf("%d %.1f %ld %s\n", 1, 2.5, 3L, name);  // RACE: B
    wg.wait();
  });
}
