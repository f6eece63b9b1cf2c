// A minimal test-and-test-and-set lock for the engine's short critical
// sections (the engine must not depend on the runtime's SpinLock).
#pragma once

#include <atomic>
#include <thread>

namespace gorace::analyzer {

class SpinLock {
 public:
  void lock() {
    while (locked_.exchange(true, std::memory_order_acquire)) {
      int spins = 0;
      while (locked_.load(std::memory_order_relaxed)) {
        if (++spins > 64) std::this_thread::yield();
      }
    }
  }
  void unlock() { locked_.store(false, std::memory_order_release); }

 private:
  std::atomic<bool> locked_{false};
};

}  // namespace gorace::analyzer
