// A function-local static initialised on first use by concurrent
// goroutines and only read afterwards: no race (the guard orders them).
// EXPECT: no race
#include <gor/gor.hpp>

#include <string>

const std::string& greeting() {
  static std::string text = std::string("hello, ") + std::to_string(gor::goid() > 0);
  return text;
}

int main() {
  return gor::main([] {
    gor::WaitGroup wg;
    wg.add(4);
    size_t lengths[4] = {};
    for (int i = 0; i < 4; ++i) {
      gor::go([&, i] {
        lengths[i] = greeting().size();
        wg.done();
      });
    }
    wg.wait();
    return lengths[0] == lengths[3] ? 0 : 1;
  });
}
