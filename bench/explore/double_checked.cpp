// Double-checked initialisation without atomics. get_config() reads the
// `ready` flag without the lock and initialises under it. A worker first
// registers itself under the same mutex, then calls get_config(). Main calls
// get_config() right after starting the worker, so main's initialisation
// nearly always holds the mutex before the worker's registration, which then
// orders the worker's unlocked read of `ready` after main's write. When the
// worker registers first, its read of `ready` races main's write.
#include <gor/gor.hpp>

#include <cstdio>

#include "busy.hpp"

struct Config {
  int retries;
};

gor::Mutex mu;
bool ready = false;  // RACE (rarely): read without the lock
Config* config = nullptr;
int workers = 0;

Config* get_config() {
  if (ready) return config;  // the unlocked first check
  mu.lock();
  if (!ready) {
    config = new Config{3};
    ready = true;
  }
  mu.unlock();
  return config;
}

int main() {
  return gor::main([] {
    gor::WaitGroup wg;
    wg.go([] {
      busy_for(std::chrono::milliseconds(2));  // worker set-up
      mu.lock();
      workers += 1;
      mu.unlock();
      std::printf("worker: retries %d\n", get_config()->retries);
    });
    std::printf("retries %d\n", get_config()->retries);
    wg.wait();
  });
}
