// Lesson 6.1: channel basics. A channel is a typed pipe between goroutines;
// an unbuffered channel hands each value over directly: the send and the
// receive meet, so a channel both carries data and synchronises.
//
// The Go program it mirrors:
//
//   messages := make(chan string)
//   go func() { messages <- "ping" }()
//   msg := <-messages                // blocks until the goroutine sends
//
//   done := make(chan bool)
//   go func() { fmt.Println("working..."); done <- true }()
//   <-done                           // wait for the worker
//
//   v, ok := <-c                     // ok is false once c is closed and drained
#include <gor/gor.hpp>

#include <cstdio>
#include <string>

int main() {
  return gor::main([] {
    // Send and receive: the receive blocks until the goroutine sends.
    auto messages = gor::make_chan<std::string>();
    gor::go([messages]() mutable { messages.send("ping"); });
    std::string msg = messages.recv();
    std::printf("received %s\n", msg.c_str());

    // Synchronisation: everything the worker did before its send happens
    // before main's receive returns, so "working..." is always printed first.
    auto done = gor::make_chan<bool>();
    gor::go([done]() mutable {
      std::puts("working...");
      done.send(true);
    });
    done.recv();
    std::puts("worker done");

    // Closing: receivers drain what is buffered, then get T{} and ok=false.
    auto numbers = gor::make_chan<int>(1);
    numbers.send(42);
    numbers.close();
    auto [first, ok1] = numbers.recv_ok();
    auto [second, ok2] = numbers.recv_ok();
    std::printf("received %d ok=%s\n", first, ok1 ? "true" : "false");
    std::printf("received %d ok=%s (closed)\n", second, ok2 ? "true" : "false");
  });
}
