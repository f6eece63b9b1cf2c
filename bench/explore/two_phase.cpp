// A race that needs a preemption in the middle of a goroutine (a depth-2 bug
// for PCT). The updater moves `state` from 0 to 1 under the lock, writes
// `data` without it, then moves `state` to 2. The checker reads `data` only
// when it sees state 1, i.e. only when its critical section falls between the
// updater's two: a window of a few instructions in a normal run.
#include <gor/gor.hpp>

#include <cstdio>

gor::Mutex mu;
int state = 0;
int data = 0;

int main() {
  return gor::main([] {
    gor::WaitGroup wg;
    wg.go([] {  // updater
      mu.lock();
      state = 1;
      mu.unlock();
      data = 7;  // RACE (rarely): the checker may read it between the phases
      mu.lock();
      state = 2;
      mu.unlock();
    });
    wg.go([] {  // checker
      mu.lock();
      int seen = state;
      mu.unlock();
      if (seen == 1) std::printf("checker: data %d\n", data);
    });
    wg.wait();
  });
}
