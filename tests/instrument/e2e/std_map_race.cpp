// One race on a std::map is one report, as Go reports a map race once:
// the detector finds it at several accesses inside the library (the tree's
// nodes and header), each with its own library stack, but the program's
// frames, the two insertions, are the same.
// EXPECT: race
// REPORTS: 1
#include <gor/gor.hpp>

#include <chrono>
#include <cstdio>
#include <map>
#include <string>

using namespace std::chrono_literals;

int main() {
  return gor::main([] {
    std::map<std::string, int> counts;
    auto done = gor::make_chan<bool>(0);
    gor::go([&] {
      counts["alpha"] = 1;  // RACE: A
      done.send(true);
    });
    gor::sleep(20ms);
    counts["beta"] = 2;  // RACE: B
    done.recv();
    std::printf("%zu\n", counts.size());
  });
}
