// Lesson 7.3: non-blocking channel operations. A select with a default case
// never blocks: if no other case is ready right now, default runs.
//
// The Go program it mirrors:
//
//   select {
//   case msg := <-messages: fmt.Println("received", msg)
//   default:                fmt.Println("no message received")
//   }
//   select {
//   case messages <- "hi": fmt.Println("sent message")
//   default:               fmt.Println("no message sent")
//   }
#include <gor/gor.hpp>

#include <cstdio>
#include <string>

// Tries to receive from ch without blocking.
static void try_recv(gor::Chan<std::string> ch) {
  gor::select(
      gor::recv(ch, [](std::string msg, bool) { std::printf("received %s\n", msg.c_str()); }),
      gor::default_case([] { std::puts("no message received"); }));
}

// Tries to send msg on ch without blocking.
static void try_send(gor::Chan<std::string> ch, const std::string& msg) {
  gor::select(gor::send(ch, msg, [&] { std::printf("sent %s\n", msg.c_str()); }),
              gor::default_case([&] { std::printf("no room: %s dropped\n", msg.c_str()); }));
}

int main() {
  return gor::main([] {
    // Unbuffered and nobody on the other side: neither operation can proceed.
    auto messages = gor::make_chan<std::string>();
    try_recv(messages);
    try_send(messages, "hi");

    // A buffer of one: the first send fits, the second does not.
    auto queue = gor::make_chan<std::string>(1);
    try_send(queue, "first");
    try_send(queue, "second");
    try_recv(queue);
    try_recv(queue);
  });
}
