// readv fills its buffers in order, as the kernel wrote them: a goroutine's
// readv into two buffers races main's unsynchronised read of the second.
// (The write to the pipe orders main before the readv, not after it.)
// EXPECT: race
#include <sys/uio.h>
#include <unistd.h>
#include <gor/gor.hpp>

#include <cstdlib>

char head[4];
char body[8];

int main() {
  return gor::main([] {
    int fds[2];
    if (pipe(fds) != 0) std::abort();
    auto done = gor::make_chan<int>(1);
    gor::go([fds, done] {
      gor::blocking([fds] {
        iovec parts[2] = {{head, sizeof head}, {body, sizeof body}};
        if (readv(fds[0], parts, 2) != 12) std::abort();  // RACE: A
      });
      done.send(0);
    });
    if (write(fds[1], "0123456789ab", 12) != 12) std::abort();
    const char seen = body[3];  // RACE: B
    done.recv();
    if (seen != 0 && seen != '7') std::abort();
  });
}
