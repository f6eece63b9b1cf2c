// Code ported from ThreadSanitizer keeps its opt-outs: a function declared
// no_sanitize("thread") (or no_sanitize_thread) has its plain accesses
// unchecked, while its atomics still order (publish's release store orders
// the payload), and code outside it is checked as usual.
// EXPECT: race
// LOCATION: global 'visible'
// ABSENT: global 'tolerated'
// ABSENT: global 'payload'
#include <atomic>
#include <cstdio>
#include <thread>

int tolerated, visible, payload;
std::atomic<int> ready{0};

__attribute__((no_sanitize("thread"))) void count_benignly() {
  tolerated++;
}

__attribute__((no_sanitize_thread)) void publish() {
  payload = 1;
  ready.store(1, std::memory_order_release);
}

int main() {
  std::thread worker([] {
    count_benignly();
    publish();
    visible = 1;  // RACE: A
  });
  count_benignly();
  while (ready.load(std::memory_order_acquire) == 0) {
  }
  std::printf("%d\n", payload);
  visible = 2;  // RACE: B
  worker.join();
}
