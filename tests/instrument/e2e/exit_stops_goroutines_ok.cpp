// Goroutines still writing globals when main returns stop there, as in Go:
// the global's destructor, which runs after gor::main, races none of their
// writes and frees no string they are assigning.
// EXPECT: no race
#include <gor/gor.hpp>

#include <chrono>
#include <string>
#include <vector>

using namespace std::chrono_literals;

// One table per goroutine: the goroutines never share one.
std::vector<std::string> tables[3];

int main() {
  return gor::main([] {
    for (auto& table : tables) {
      table.resize(64);
      gor::go([&table] {
        for (long i = 0;; ++i) {
          table[static_cast<size_t>(i % 64)] =
              "a string longer than the small buffer " + std::to_string(i);
        }
      });
    }
    gor::sleep(10ms);
  });
}
