// Lesson 6.4: channel direction. A function that only sends takes a
// gor::SendChan<T> (Go's chan<- T); one that only receives takes a
// gor::RecvChan<T> (Go's <-chan T). A Chan<T> converts to either implicitly,
// and using a view the wrong way is a compile error, not a runtime bug.
//
// The Go program it mirrors:
//
//   func ping(pings chan<- string, msg string) { pings <- msg }
//   func pong(pings <-chan string, pongs chan<- string) { msg := <-pings; pongs <- msg }
//
//   pings := make(chan string, 1)
//   pongs := make(chan string, 1)
//   ping(pings, "passed message")
//   pong(pings, pongs)
//   fmt.Println(<-pongs)
#include <gor/gor.hpp>

#include <cstdio>
#include <string>

// Only sends on pings: pings.recv() would not compile.
static void ping(gor::SendChan<std::string> pings, const std::string& msg) {
  pings.send(msg);
}

// Receives from pings, sends to pongs.
static void pong(gor::RecvChan<std::string> pings, gor::SendChan<std::string> pongs) {
  pongs.send(pings.recv() + " (via pong)");
}

int main() {
  return gor::main([] {
    auto pings = gor::make_chan<std::string>(1);
    auto pongs = gor::make_chan<std::string>(1);
    ping(pings, "passed message");
    pong(pings, pongs);
    std::printf("%s\n", pongs.recv().c_str());

    // The same functions as concurrent stages.
    auto requests = gor::make_chan<std::string>();
    auto replies = gor::make_chan<std::string>();
    gor::go(pong, gor::RecvChan<std::string>(requests), gor::SendChan<std::string>(replies));
    gor::go(ping, gor::SendChan<std::string>(requests), std::string("hello"));
    std::printf("%s\n", replies.recv().c_str());
  });
}
