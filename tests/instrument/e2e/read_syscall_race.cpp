// read(2) fills the buffer in the kernel, where no instrumentation sees it:
// the plugin checks the call as a write of the bytes it returned (as
// ThreadSanitizer's interceptor and Go's syscall.Read do), so main's
// unsynchronised use of the buffer races the goroutine's read.
// EXPECT: race
#include <unistd.h>
#include <gor/gor.hpp>

#include <cstdio>

int main() {
  return gor::main([] {
    int fds[2];
    if (pipe(fds) != 0) return;
    if (write(fds[1], "hello", 5) != 5) return;
    static char buffer[16];
    gor::WaitGroup wg;
    wg.go([fd = fds[0]] {
      if (read(fd, buffer, sizeof buffer) <= 0) std::puts("nothing read");  // RACE: A
    });
    std::printf("%d\n", buffer[0]);  // RACE: B
    wg.wait();
  });
}
