// A closure is an object like any other: rebuilding it in place while
// another goroutine calls it races on its captures (a goroutine's own
// closure, which no other goroutine can reach, is not checked).
// EXPECT: race
#include <gor/gor.hpp>

#include <cstdio>
#include <optional>

namespace {
auto make_getter(long v) {
  return [v] { return v; };  // RACE: A
}
using Getter = decltype(make_getter(0));
}  // namespace

int main() {
  return gor::main([] {
    std::optional<Getter> getter(make_getter(1));
    gor::WaitGroup wg;
    wg.add(2);
    long got = 0;
    gor::go([&] {
      got = (*getter)();
      wg.done();
    });
    gor::go([&] {
      getter.emplace(make_getter(2));  // RACE: B
      wg.done();
    });
    wg.wait();
    std::printf("got %ld\n", got);
  });
}
