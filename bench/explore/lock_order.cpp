// A race masked by lock order. The writer stores `data` without the lock and
// then publishes under the mutex; the reader takes the mutex, then reads
// `data`. When the writer's unlock comes first (nearly always: the reader
// does some set-up work first), the mutex orders the write before the read
// and no race is seen. When the reader takes the lock first, nothing orders
// its read with the writer's later write: a data race on `data`.
#include <gor/gor.hpp>

#include <cstdio>

#include "busy.hpp"

int data = 0;
bool published = false;
gor::Mutex mu;

int main() {
  return gor::main([] {
    gor::WaitGroup wg;
    wg.go([] {
      data = 42;  // RACE (rarely): not under the lock
      mu.lock();
      published = true;
      mu.unlock();
    });
    wg.go([] {
      busy_for(std::chrono::milliseconds(2));  // set-up work
      mu.lock();
      bool seen = published;
      mu.unlock();
      int value = data;  // ordered after the write only if the writer unlocked first
      std::printf("reader: published %d, data %d\n", seen, value);
    });
    wg.wait();
  });
}
