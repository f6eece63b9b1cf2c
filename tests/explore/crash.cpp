// Test program: a goroutine aborts the process, for explore's crash handling.
#include <gor/gor.hpp>

#include <cstdio>
#include <cstdlib>

int main() {
  return gor::main([] {
    auto done = gor::make_chan<int>();
    gor::go([done] {
      std::fprintf(stderr, "about to abort\n");
      std::abort();
      done.send(1);
    });
    done.recv();
  });
}
