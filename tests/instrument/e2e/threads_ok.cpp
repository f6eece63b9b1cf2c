// Threads outside the scheduler synchronise as under ThreadSanitizer:
// creating a thread happens before its routine runs, and the routine's end
// (a return or pthread_exit) happens before the join returns. Threads made
// before gor::main, inside a goroutine, and with pthreads directly.
// EXPECT: no race
#include <pthread.h>
#include <gor/gor.hpp>

#include <thread>

int before_main;
int in_goroutine;
int by_pthread_exit;

void* exit_early(void*) {
  by_pthread_exit = 1;
  pthread_exit(nullptr);
}

int main() {
  before_main = 1;
  std::thread first([] { before_main++; });
  first.join();
  before_main++;

  pthread_t t;
  pthread_create(&t, nullptr, exit_early, nullptr);
  pthread_join(t, nullptr);
  by_pthread_exit++;

  return gor::main([] {
    before_main++;  // the thread's writes are ordered before gor::main too
    in_goroutine = 1;
    std::thread inner([] { in_goroutine++; });
    inner.join();
    in_goroutine++;
    gor::WaitGroup wg;
    wg.go([] { in_goroutine++; });
    wg.wait();
  });
}
