// Lesson 10.1: gor::Cond, signal. A condition variable lets goroutines wait
// for a condition on state guarded by a mutex; signal wakes one waiter.
//
// The Go program it mirrors ("Concurrency in Go", chapter 3): a queue that
// holds at most two items; main adds ten, waiting while the queue is full;
// each item is removed by a goroutine, which signals the waiting main.
//
//   c := sync.NewCond(&sync.Mutex{})
//   removeFromQueue := func() {
//       c.L.Lock(); queue = queue[1:]; fmt.Println("Removed from queue"); c.L.Unlock()
//       c.Signal()                      // wake the one goroutine waiting
//   }
//   for i := 0; i < 10; i++ {
//       c.L.Lock()
//       for len(queue) == 2 { c.Wait() } // Wait unlocks, sleeps, relocks
//       fmt.Println("Adding to queue"); queue = append(queue, struct{}{})
//       go removeFromQueue()
//       c.L.Unlock()
//   }
//
// Always wait in a loop that rechecks the condition: a wake-up says only that
// the state changed, not that it is what you wait for.
#include <gor/gor.hpp>

#include <cstdio>
#include <deque>

int main() {
  return gor::main([] {
    gor::Mutex mu;
    gor::Cond cond(mu);
    std::deque<int> queue;  // guarded by mu
    int max_len = 0;        // guarded by mu
    gor::WaitGroup wg;

    auto remove_from_queue = [&] {
      mu.lock();
      queue.pop_front();
      std::puts("Removed from queue");
      mu.unlock();
      cond.signal();  // one waiter (main) may continue
      wg.done();
    };

    for (int i = 0; i < 10; ++i) {
      mu.lock();
      while (queue.size() == 2) cond.wait();  // unlocks mu while waiting
      std::puts("Adding to queue");
      queue.push_back(i);
      if (static_cast<int>(queue.size()) > max_len) max_len = static_cast<int>(queue.size());
      wg.add(1);
      gor::go(remove_from_queue);
      mu.unlock();
    }
    wg.wait();
    std::printf("the queue never held more than 2 items: %s\n", max_len <= 2 ? "true" : "false");
  });
}
