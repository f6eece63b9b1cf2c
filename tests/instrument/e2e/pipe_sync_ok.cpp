// A goroutine writes x, then a byte to a pipe; main reads the byte (the read
// returns only after the write), then x. As Go's syscall.Write and
// syscall.Read (ioSync), a write orders the writer before every later
// successful read: no race.
// EXPECT: no race
#include <unistd.h>
#include <gor/gor.hpp>

#include <cstdlib>

int x;

int main() {
  return gor::main([] {
    int fds[2];
    if (pipe(fds) != 0) std::abort();
    gor::go([fds] {
      x = 1;
      const char c = 'a';
      if (write(fds[1], &c, 1) != 1) std::abort();
    });
    char c = 0;
    gor::blocking([&] {
      if (read(fds[0], &c, 1) != 1) std::abort();
    });
    if (x != 1) std::abort();
  });
}
