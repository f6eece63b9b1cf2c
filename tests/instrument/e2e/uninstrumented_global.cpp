// A race on a global defined in code built without the plugin
// (uninstrumented_lib.cpp) is located through the program's symbol table,
// as TSan's symbolizer locates it.
// EXPECT: race
// LOCATION: Location is global 'library_total' of size 4
#include <gor/gor.hpp>

extern int library_total;

int main() {
  return gor::main([] {
    gor::WaitGroup wg;
    for (int i = 0; i < 2; ++i) wg.go([] { library_total++; });  // RACE: A
    wg.wait();
  });
}
