// shared_ptr copies that the runtime's templates destroy on the program's
// behalf: a goroutine function's by-value argument, the element a range
// loop held, a select case's received value and a send case's value not
// sent. Each copy's release orders the goroutine's reads before main's
// last release frees the vector; the runtime's headers run those
// destructors as the program's code, so none is reported against the free.
// EXPECT: no race
#include <gor/gor.hpp>

#include <atomic>
#include <memory>
#include <vector>

using Numbers = std::shared_ptr<std::vector<int>>;

// Relaxed: waiting on it orders nothing.
std::atomic<int> dropped;

long total;

// Reads the vector through a reference: no copy of the pointer of its own.
void add(const std::vector<int>& numbers) {
  for (int x : numbers) total += x;
}

void sum_and_drop(Numbers numbers) {
  add(*numbers);
  dropped.fetch_add(1, std::memory_order_relaxed);
}

// Waits (without ordering anything) until the goroutine dropped its copy,
// then drops main's, the last.
void drop_last(Numbers& numbers) {
  while (dropped.load(std::memory_order_relaxed) == 0) gor::yield();
  gor::sleep(std::chrono::milliseconds(2));  // the copy is destroyed after the count
  numbers.reset();
  dropped.store(0, std::memory_order_relaxed);
}

int main() {
  return gor::main([] {
    auto numbers = std::make_shared<std::vector<int>>(16, 1);
    gor::go(sum_and_drop, numbers);  // a by-value argument of gor::go
    drop_last(numbers);

    numbers = std::make_shared<std::vector<int>>(16, 1);
    auto ch = gor::make_chan<Numbers>(1);
    ch.send(numbers);
    ch.close();
    gor::go([ch] {
      for (Numbers& n : ch) add(*n);  // the loop holds the element
      dropped.store(1, std::memory_order_relaxed);
    });
    drop_last(numbers);

    numbers = std::make_shared<std::vector<int>>(16, 1);
    auto in = gor::make_chan<Numbers>(1);
    in.send(numbers);
    gor::go([in] {
      gor::select(gor::recv(in, [](Numbers n) { add(*n); }));  // by value
      dropped.store(1, std::memory_order_relaxed);
    });
    drop_last(numbers);

    numbers = std::make_shared<std::vector<int>>(16, 1);
    auto full = gor::make_chan<Numbers>();  // nobody receives: the default is taken
    gor::go([full, copy = numbers]() mutable {
      add(*copy);
      gor::select(gor::send(full, std::move(copy)), gor::default_case());
      dropped.store(1, std::memory_order_relaxed);
    });
    drop_last(numbers);
    return 0;
  });
}
