// The C library's synchronisation orders threads and goroutines as under
// ThreadSanitizer: std::mutex, std::condition_variable (wait and wait_for),
// std::shared_mutex (writer after readers, readers after the writer),
// std::call_once, POSIX semaphores, barriers and spinlocks, and
// std::mutex taken inside goroutines. Each shared variable is written by
// several threads, ordered only by the primitive under test.
// EXPECT: no race
#include <pthread.h>
#include <semaphore.h>
#include <gor/gor.hpp>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <shared_mutex>
#include <thread>
#include <vector>

namespace {

template <class Body>
void on_threads(int n, Body body) {
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i) threads.emplace_back(body, i);
  for (std::thread& t : threads) t.join();
}

long guarded;
std::mutex guarded_mu;

void mutex_counter() {
  on_threads(4, [](int) {
    for (int k = 0; k < 200; ++k) {
      std::lock_guard<std::mutex> lock(guarded_mu);
      ++guarded;
    }
  });
}

long handed_over;
bool ready;
std::mutex ready_mu;
std::condition_variable ready_cv;

void condition_variable_handoff() {
  std::thread consumer([] {
    std::unique_lock<std::mutex> lock(ready_mu);
    ready_cv.wait(lock, [] { return ready; });
    handed_over *= 2;
  });
  std::thread timed_consumer([] {
    std::unique_lock<std::mutex> lock(ready_mu);
    while (!ready) ready_cv.wait_for(lock, std::chrono::milliseconds(1));
    handed_over += 1;
  });
  {
    std::lock_guard<std::mutex> lock(ready_mu);
    handed_over = 20;
    ready = true;
  }
  ready_cv.notify_all();
  consumer.join();
  timed_consumer.join();
}

long table;
long table_reads;  // atomic: readers only count
std::shared_mutex table_mu;

void shared_mutex_readers_and_writers() {
  on_threads(4, [](int i) {
    for (int k = 0; k < 100; ++k) {
      if ((i + k) % 3 == 0) {
        std::unique_lock<std::shared_mutex> lock(table_mu);
        ++table;
      } else {
        std::shared_lock<std::shared_mutex> lock(table_mu);
        __atomic_fetch_add(&table_reads, table, __ATOMIC_RELAXED);
      }
    }
  });
}

long configured;
std::once_flag configure_once;

void call_once_publishes() {
  on_threads(4, [](int) {
    std::call_once(configure_once, [] { configured = 42; });
    if (configured != 42) std::abort();
  });
}

long posted;
sem_t posted_sem;

void semaphore_handoff() {
  sem_init(&posted_sem, 0, 0);
  std::thread poster([] {
    posted = 7;
    sem_post(&posted_sem);
  });
  sem_wait(&posted_sem);
  posted++;
  poster.join();
  sem_destroy(&posted_sem);
}

long phase_data[4];
pthread_barrier_t phase_barrier;

void barrier_phases() {
  pthread_barrier_init(&phase_barrier, nullptr, 4);
  on_threads(4, [](int i) {
    phase_data[i] = i;  // phase 1: each writes its own
    pthread_barrier_wait(&phase_barrier);
    long sum = 0;
    for (long v : phase_data) sum += v;  // phase 2: all read all
    if (sum != 6) std::abort();
  });
  pthread_barrier_destroy(&phase_barrier);
}

long spun;
pthread_spinlock_t spin;

void spinlock_counter() {
  pthread_spin_init(&spin, PTHREAD_PROCESS_PRIVATE);
  on_threads(3, [](int) {
    for (int k = 0; k < 100; ++k) {
      pthread_spin_lock(&spin);
      ++spun;
      pthread_spin_unlock(&spin);
    }
  });
  pthread_spin_destroy(&spin);
}

long in_goroutines;
std::mutex goroutine_mu;

}  // namespace

int main() {
  mutex_counter();
  condition_variable_handoff();
  shared_mutex_readers_and_writers();
  call_once_publishes();
  semaphore_handoff();
  barrier_phases();
  spinlock_counter();
  return gor::main([] {
    gor::WaitGroup wg;
    for (int i = 0; i < 8; ++i) {
      wg.go([] {
        std::lock_guard<std::mutex> lock(goroutine_mu);
        ++in_goroutines;
      });
    }
    wg.wait();
    std::printf("%ld %ld %ld %ld %ld %ld\n", guarded, handed_over, table, configured, posted,
                in_goroutines + spun);
  });
}
