// Memory across many threads of an uninstrumented library: 25,000 threads
// created and joined one after another, each running only uninstrumented
// code. The runtime makes and finishes each thread's analyzer state; the
// state's memory comes from the engine's block pool, whose per-thread list
// must go back when the thread ends. A thread whose first use of the pool
// came at its very end (after its thread_local destructors) kept its list,
// ~300 bytes a thread for good. The program fails if the last 20,000
// threads grew its memory by more than 3 MB (6 MB with that leak).
// EXPECT: no race
#include <pthread.h>

#include <gor/gor.hpp>

#include <cstdio>

#include "resident.hpp"

void* library_thread_routine(void*);  // uninstrumented_lib.cpp

namespace {

void run_threads(int n) {
  for (int i = 0; i < n; i++) {
    pthread_t t;
    if (pthread_create(&t, nullptr, library_thread_routine, nullptr) != 0) return;
    pthread_join(t, nullptr);
  }
}

}  // namespace

int main() {
  bool within = false;
  const int status = gor::main([&] {
    run_threads(5000);  // the slots' owner histories fill up first
    const long before = resident_kib();
    run_threads(20000);
    const long grew_kib = resident_kib() - before;
    std::printf("20,000 threads grew memory by %ld KiB\n", grew_kib);
    within = grew_kib <= 3 * 1024;
  });
  return status != 0 ? status : within ? 0 : 1;
}
