// A frame larger than a goroutine stack's guard region: compiled with the
// plugin (which turns on stack clash protection), its first probe faults in
// the guard and the program dies with Go's stack overflow error, instead of
// writing over the neighbouring goroutine's stack.
// EXPECT: panic
// LOCATION: fatal error: stack overflow
#include <gor/gor.hpp>

#include <cstring>

__attribute__((noinline)) void fill_large_frame() {
  char buffer[270000];
  std::memset(buffer, 0, 7000);  // only the far end of the frame is touched
  asm volatile("" ::"r"(buffer) : "memory");
}

int main() {
  return gor::main([] {
    gor::WaitGroup wg;
    wg.go([] { fill_large_frame(); });
    wg.wait();
  });
}
