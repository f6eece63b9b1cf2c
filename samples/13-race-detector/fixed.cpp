// Lesson 13 (fixed): only main touches the timer; the callback tells main it
// fired through a channel, and main resets the timer.
//
// The fix from "Introducing the Go Race Detector" (go.dev/blog/race-detector):
//
//   reset := make(chan bool)
//   var t *time.Timer
//   t = time.AfterFunc(randomDuration(), func() {
//       fmt.Println(time.Now().Sub(start))
//       reset <- true
//   })
//   for time.Since(start) < 5*time.Second {
//       <-reset
//       t.Reset(randomDuration())
//   }
//
// Share memory by communicating: the timer variable has one owner (main),
// and the channel carries the event instead of the callback reaching for t.
#include <gor/gor.hpp>

#include <chrono>
#include <cstdio>

using namespace std::chrono_literals;

int main() {
  return gor::main([] {
    auto reset = gor::make_chan<bool>();
    gor::Timer t = gor::after_func(5ms, [reset]() mutable {
      std::puts("timer fired");
      reset.send(true);
    });
    for (int fired = 1; fired <= 3; ++fired) {
      reset.recv();
      if (fired < 3) {
        std::puts("main resets the timer");
        t.reset(5ms);
      }
    }
    std::puts("done after 3 timer callbacks");
  });
}
