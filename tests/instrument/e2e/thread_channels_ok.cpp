// Channels order plain threads as they order goroutines: a thread's send
// happens before the receive that takes its value (unbuffered and
// buffered, to a goroutine, to another thread, with or without gor::main),
// a close before the receive that sees it, and a select's chosen case
// likewise. Each variable is written before a send and read after the
// matching receive, on another thread or goroutine.
// EXPECT: no race
#include <gor/gor.hpp>

#include <cstdio>
#include <thread>

namespace {

long to_goroutine, to_thread, thread_to_thread, before_close, selected;

void threads_only() {
  auto ch = gor::make_chan<int>(0);
  std::thread producer([ch] {
    thread_to_thread = 1;
    ch.send(1);
  });
  ch.recv();
  thread_to_thread++;
  producer.join();
}

}  // namespace

int main() {
  threads_only();  // before gor::main: no scheduler has run yet
  return gor::main([] {
    auto unbuffered = gor::make_chan<int>(0);
    std::thread sender([unbuffered] {
      to_goroutine = 1;
      unbuffered.send(7);
    });
    unbuffered.recv();
    to_goroutine++;
    sender.join();

    auto buffered = gor::make_chan<int>(4);
    std::thread receiver([buffered] {
      buffered.recv();
      to_thread++;
    });
    to_thread = 1;
    buffered.send(1);
    receiver.join();

    auto done = gor::make_chan<int>(0);
    std::thread closer([done] {
      before_close = 1;
      done.close();
    });
    std::thread waiter([done] {
      for (int v : done) (void)v;  // ends when closed
      before_close++;
    });
    closer.join();
    waiter.join();

    auto a = gor::make_chan<int>(0), b = gor::make_chan<int>(0);
    std::thread chooser([a, b] {
      gor::select(gor::recv(a, [](int) { selected++; }), gor::recv(b, [](int) { selected++; }));
    });
    selected = 1;
    b.send(2);
    chooser.join();
    std::printf("%ld %ld %ld %ld %ld\n", to_goroutine, to_thread, thread_to_thread, before_close,
                selected);
  });
}
