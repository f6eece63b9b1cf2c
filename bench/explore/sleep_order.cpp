// A race after a short sleep. A helper sleeps 1 ms, writes `data`, then
// marks it done under the mutex; main works for 20 ms, sleeps 1 ms too, then
// checks the mark under the mutex and reads `data`. The helper's sleep
// started 20 ms earlier, so it nearly always wakes first and the mutex orders
// its write before main's read. When main wakes first, nothing orders them.
// (In deterministic mode work takes no virtual time: both sleeps end at the
// same virtual instant and the strategy picks who runs first.)
#include <gor/gor.hpp>

#include <chrono>
#include <cstdio>

#include "busy.hpp"

int data = 0;
bool done = false;
gor::Mutex mu;

int main() {
  return gor::main([] {
    using namespace std::chrono_literals;
    gor::WaitGroup wg;
    wg.go([] {
      gor::sleep(1ms);
      data = 1;  // RACE (rarely): main may read before this goroutine's unlock
      mu.lock();
      done = true;
      mu.unlock();
    });
    busy_for(20ms);  // main's own work (no virtual time in deterministic mode)
    gor::sleep(1ms);
    mu.lock();
    bool finished = done;
    mu.unlock();
    int value = data;
    wg.wait();
    std::printf("main: helper done %d, data %d\n", finished, value);
  });
}
