// Copies and uses of a gor::Chan handle ordered by the channel protocol do
// not race, nor do operations on handles a goroutine keeps to itself.
// EXPECT: no race
#include <gor/gor.hpp>

int main() {
  return gor::main([] {
    auto c = gor::make_chan<int>(10);
    auto done = gor::make_chan<int>(1);
    gor::go([&c, done] {
      c.send(0);
      gor::Chan<int> copy = c;
      copy.send(1);
      gor::SendChan<int> out = c;
      out.send(2);
      done.send(0);
    });
    done.recv();
    c = gor::make_chan<int>(10);
    c.send(3);
    gor::RecvChan<int> in = c;
    return in.recv() == 3 ? 0 : 1;
  });
}
