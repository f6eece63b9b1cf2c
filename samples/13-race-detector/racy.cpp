// Lesson 13 (racy): the race from "Introducing the Go Race Detector"
// (go.dev/blog/race-detector), a timer callback racing with main.
//
// The Go program it mirrors:
//
//   func main() {
//       start := time.Now()
//       var t *time.Timer
//       t = time.AfterFunc(randomDuration(), func() {
//           fmt.Println(time.Now().Sub(start))
//           t.Reset(randomDuration())    // reads t...
//       })                               // ...which main writes here
//       time.Sleep(5 * time.Second)
//   }
//
// The callback runs in its own goroutine. Main writes t after AfterFunc has
// started the timer, and nothing orders that write before the callback's read
// of t: a data race, reported on every run, even when the timer fires long
// after the assignment. (If it fired first, t would still be null: Go's
// program would crash with a nil pointer; this one checks for null.)
#include <gor/gor.hpp>

#include <chrono>
#include <cstdio>
#include <memory>

using namespace std::chrono_literals;

int main() {
  return gor::main([] {
    auto start = std::chrono::steady_clock::now();
    auto more = gor::make_chan<bool>();  // the callbacks tell main whether to keep waiting
    int fires = 0;  // touched only by the callbacks, each ordered after the previous reset

    std::unique_ptr<gor::Timer> t;                               // var t *time.Timer
    t = std::make_unique<gor::Timer>(gor::after_func(5ms, [&] {  // RACE: main writes t
      ++fires;
      auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
          std::chrono::steady_clock::now() - start);
      std::printf("timer fired after %lld ms\n", static_cast<long long>(ms.count()));
      bool again = fires < 3 && t;  // RACE: the callback reads t
      if (again) t->reset(5ms);
      more.send(again);
    }));

    while (more.recv()) {
    }
  });
}
