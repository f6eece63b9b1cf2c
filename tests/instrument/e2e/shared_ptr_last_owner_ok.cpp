// A shared_ptr whose weak_ptr (and whose other owner) another goroutine
// dropped, released by its last owner: the reference counts order the
// release after the other goroutine's, so nothing races. libstdc++'s fast
// path for a unique owner (one 8-byte acquire load of both counts, then
// plain writes of them) is left out under a race detector (_GLIBCXX_TSAN,
// which the plugin defines as -fsanitize=thread does); with it, the plain
// writes were reported against the weak count's release.
// EXPECT: no race
#include <gor/gor.hpp>

#include <atomic>
#include <memory>

struct Widget : std::enable_shared_from_this<Widget> {
  int value = 0;
};

// Relaxed, so that waiting on it orders nothing: only the reference counts
// may order main's releases before the goroutine's.
std::atomic<int> main_dropped;

// Makes `owner` the last owner on a goroutine that waits until main has
// run `drop`, then releases it.
template <typename T, typename Drop>
void release_last_after(std::shared_ptr<T> owner, Drop drop) {
  gor::WaitGroup wg;
  wg.go([owner = std::move(owner)]() mutable {
    while (main_dropped.load(std::memory_order_relaxed) == 0) gor::yield();
    owner.reset();
  });
  drop();
  main_dropped.store(1, std::memory_order_relaxed);
  wg.wait();
  main_dropped.store(0, std::memory_order_relaxed);
}

int main() {
  return gor::main([] {
    auto number = std::make_shared<int>(1);
    std::weak_ptr<int> observer = number;
    release_last_after(number, [&] {
      number.reset();
      observer.reset();
    });

    // enable_shared_from_this holds a weak_ptr of its own.
    auto widget = std::make_shared<Widget>();
    release_last_after(widget, [&] { widget.reset(); });
    return 0;
  });
}
