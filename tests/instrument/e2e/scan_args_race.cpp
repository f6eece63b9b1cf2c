// sscanf stores its conversions inside the uninstrumented C library: the
// int it parses into races another goroutine's read of it (checked after
// the call, for the conversions it assigned, as TSan's scanf_common).
// EXPECT: race
// LOCATION: global 'parsed'
#include <gor/gor.hpp>

#include <cstdio>

int parsed;
char word[16];

int main() {
  return gor::main([] {
    gor::WaitGroup wg;
    wg.go([] {
      std::sscanf("42 words", "%d %15s", &parsed, word);  // RACE: A
    });
    volatile int seen = parsed;  // RACE: B
    wg.wait();
    std::printf("%d %s %d\n", parsed, word, seen);
  });
}
