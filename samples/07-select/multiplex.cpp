// Lesson 7.1: select waits on several channel operations at once and runs
// the first one that can proceed (a random one when several can).
//
// The Go program it mirrors:
//
//   for received := 0; received < 6; received++ {
//       select {
//       case msg := <-emails: fmt.Println("email:", msg)
//       case msg := <-texts:  fmt.Println("text:", msg)
//       }
//   }
//
// The two producers run independently, so the order of the lines varies from
// run to run; the set of lines does not.
#include <gor/gor.hpp>

#include <cstdio>
#include <string>

// Starts a goroutine sending `count` numbered messages on a new channel.
static gor::Chan<std::string> producer(const std::string& name, int count) {
  auto out = gor::make_chan<std::string>();
  gor::go([out, name, count]() mutable {
    for (int i = 1; i <= count; ++i) out.send(name + " #" + std::to_string(i));
  });
  return out;
}

int main() {
  return gor::main([] {
    auto emails = producer("email", 3);
    auto texts = producer("text", 3);
    for (int received = 0; received < 6; ++received) {
      gor::select(
          gor::recv(emails, [](std::string msg, bool) { std::printf("got %s\n", msg.c_str()); }),
          gor::recv(texts, [](std::string msg, bool) { std::printf("got %s\n", msg.c_str()); }));
    }
  });
}
