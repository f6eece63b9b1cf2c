// A gor::Chan handle is a variable, as Go's channel variable: assigning it
// while another goroutine sends through it races, and the report names the
// program's lines (the handle's read is the caller's access).
// EXPECT: race
// ABSENT: gor::Chan::send
#include <gor/gor.hpp>

int main() {
  return gor::main([] {
    auto results = gor::make_chan<int>(10);
    const auto first = results;  // keeps the first channel alive (see below)
    auto done = gor::make_chan<int>(1);
    gor::go([&results, done] {
      results.send(1);  // RACE: A
      done.send(0);
    });
    // The handle counts references: without `first`, this assignment could
    // free the channel while the send still uses it (undefined behaviour in
    // C++, where Go's collector keeps it alive).
    results = gor::make_chan<int>(10);  // RACE: B
    done.recv();
  });
}
