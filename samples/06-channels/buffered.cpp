// Lesson 6.3: buffered channels. make_chan<T>(n) has room for n values: a
// send blocks only when the buffer is full, a receive only when it is empty.
//
// The Go program it mirrors:
//
//   messages := make(chan string, 2)
//   messages <- "buffered"          // no receiver needed: there is room
//   messages <- "channel"
//   fmt.Println(len(messages), cap(messages))   // 2 2
//   fmt.Println(<-messages, <-messages)         // FIFO order
#include <gor/gor.hpp>

#include <cstdio>
#include <string>

int main() {
  return gor::main([] {
    auto messages = gor::make_chan<std::string>(2);
    messages.send("buffered");
    messages.send("channel");  // still no receiver: the buffer holds both
    std::printf("len=%d cap=%d\n", static_cast<int>(messages.len()),
                static_cast<int>(messages.cap()));
    std::string a = messages.recv();
    std::string b = messages.recv();
    std::printf("%s %s\n", a.c_str(), b.c_str());  // first in, first out

    // A buffered channel as a semaphore: at most 2 goroutines work at once.
    auto tokens = gor::make_chan<bool>(2);
    auto results = gor::make_chan<int>(5);
    for (int i = 1; i <= 5; ++i) {
      gor::go([tokens, results, i]() mutable {
        tokens.send(true);  // acquire a token (blocks while 2 are out)
        results.send(i * i);
        tokens.recv();  // release it
      });
    }
    int sum = 0;
    for (int i = 0; i < 5; ++i) sum += results.recv();
    std::printf("sum of squares 1..5 = %d\n", sum);
  });
}
