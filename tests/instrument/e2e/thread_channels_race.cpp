// A channel orders only what comes before the send with what comes after
// the receive: a plain thread's write after its send races the receiver's
// read.
// EXPECT: race
// LOCATION: global 'after_send'
// LOCATION: by thread T1
#include <gor/gor.hpp>

#include <cstdio>
#include <thread>

long after_send;

int main() {
  return gor::main([] {
    auto ch = gor::make_chan<int>(1);
    std::thread sender([ch] {
      ch.send(1);
      after_send = 1;  // RACE: A
    });
    ch.recv();
    long seen = after_send;  // RACE: B
    sender.join();
    std::printf("%ld\n", seen);
  });
}
