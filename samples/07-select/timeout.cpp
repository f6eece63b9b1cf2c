// Lesson 7.2: a timeout with select and gor::after, Go's time.After.
//
// The Go program it mirrors:
//
//   select {
//   case res := <-results:
//       fmt.Println(res)
//   case <-time.After(20 * time.Millisecond):
//       fmt.Println("timeout")
//   }
//
// gor::after(d) returns a channel that receives once, d from now. The results
// channel is buffered so that a worker finishing after the timeout can still
// send and exit instead of blocking forever (a goroutine leak).
#include <gor/gor.hpp>

#include <chrono>
#include <cstdio>
#include <string>

using namespace std::chrono_literals;

// Waits for a result on `results` for at most `limit`.
template <class Duration>
static void wait_for(gor::Chan<std::string> results, Duration limit) {
  gor::select(
      gor::recv(results, [](std::string res, bool) { std::printf("result: %s\n", res.c_str()); }),
      gor::recv(gor::after(limit), [](auto&&...) { std::puts("timeout"); }));
}

int main() {
  return gor::main([] {
    auto results = gor::make_chan<std::string>(1);
    auto go_ahead = gor::make_chan<bool>();
    gor::go([results, go_ahead]() mutable {
      go_ahead.recv();  // a slow worker: it cannot answer before main lets it
      results.send("the slow answer");
    });

    wait_for(results, 20ms);  // the worker is still waiting: times out
    go_ahead.close();
    wait_for(results, 10s);  // now the answer comes long before the deadline
  });
}
