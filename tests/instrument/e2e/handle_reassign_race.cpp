// Handles are variables, as in Go: assigning a gor::Context (or Timer,
// Ticker, net::Conn) while another goroutine uses it races, though the
// handle's own code (in the runtime's uninstrumented headers) is not
// checked. Go's AfterFunc example: the callback reads the timer variable
// that its creator is still assigning.
// EXPECT: race
// LOCATION: Location is stack of main goroutine
#include <gor/gor.hpp>

#include <chrono>
#include <cstdio>

using namespace std::chrono_literals;

int main() {
  return gor::main([] {
    auto done = gor::make_chan<int>();
    gor::Context ctx = gor::background();
    gor::go([&] {
      gor::sleep(2ms);
      std::printf("canceled: %d\n", ctx.err() ? 1 : 0);  // RACE: A
      done.close();
    });
    auto [derived, cancel] = gor::with_cancel(gor::background());
    ctx = derived;  // RACE: B
    cancel();
    done.recv();
  });
}
