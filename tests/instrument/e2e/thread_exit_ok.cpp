// A thread ends after its thread_local destructors and its pthread key
// destructors, as under ThreadSanitizer: what they write or release is
// ordered before a join of the thread (a thread_local flushing statistics,
// std::notify_all_at_thread_exit unlocking its mutex). A detached thread's
// stack and thread_locals are forgotten when it ends: the next thread,
// given the same memory by the C library, does not race them.
// EXPECT: no race
#include <gor/gor.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <thread>

namespace {

long flushed;
struct Statistics {
  long count = 0;
  ~Statistics() {
    // Every thread that touches one of this file's thread_locals makes them all.
    if (count != 0) flushed += count;
  }
};
thread_local Statistics statistics;

void thread_local_destructor_before_join() {
  std::thread worker([] { statistics.count = 5; });
  worker.join();
  flushed++;
}

long published;
bool finished;
std::mutex finished_mu;
std::condition_variable finished_cv;

void notify_at_thread_exit() {
  std::thread([] {
    std::unique_lock<std::mutex> lock(finished_mu);
    published = 7;
    finished = true;
    std::notify_all_at_thread_exit(finished_cv, std::move(lock));
  }).detach();
  std::unique_lock<std::mutex> lock(finished_mu);
  finished_cv.wait(lock, [] { return finished; });
  published++;
}

struct Scratch {
  long words[4];
  ~Scratch() { words[0] = 0; }
};
thread_local Scratch scratch;
std::atomic<int> started{0};

__attribute__((noinline)) void touch(volatile long* p) {
  p[0] = p[0] + 1;
}

void detached_threads_reuse_memory() {
  for (int i = 1; i <= 4; ++i) {
    std::thread([i] {
      long local[8] = {};
      scratch.words[0] = i;
      started.store(i, std::memory_order_release);
      touch(local);  // after the signal: unordered with the next thread
    }).detach();
    while (started.load(std::memory_order_acquire) != i) std::this_thread::yield();
    std::this_thread::sleep_for(std::chrono::milliseconds(5));  // let it end
  }
}

}  // namespace

int main() {
  thread_local_destructor_before_join();
  notify_at_thread_exit();
  detached_threads_reuse_memory();
  std::printf("%ld %ld\n", flushed, published);
}
