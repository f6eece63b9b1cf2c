// A goroutine rewrites an unlocked mutex's memory (memset), then locks and
// unlocks it; another goroutine locks it afterwards, with no other edge.
// The first unlock happens before the second lock returns (go.dev/ref/mem),
// and so does the rewrite: no race. (The rewrite racing a lock, Go's
// TestRaceMutexOverwrite, is reported: mutex_overwrite_race.)
// EXPECT: no race
#include <gor/gor.hpp>

#include <chrono>
#include <cstring>

namespace {
gor::Mutex mu;
bool rewritten = false;  // guarded by mu
}  // namespace

int main() {
  return gor::main([] {
    gor::WaitGroup wg;
    wg.go([] {
      std::memset(static_cast<void*>(&mu), 0, sizeof mu);
      mu.lock();
      rewritten = true;
      mu.unlock();
    });
    wg.go([] {
      gor::sleep(std::chrono::milliseconds(100));  // after, with no edge
      for (;;) {
        mu.lock();
        const bool done = rewritten;
        mu.unlock();
        if (done) break;
        gor::sleep(std::chrono::milliseconds(10));
      }
    });
    wg.wait();
  });
}
