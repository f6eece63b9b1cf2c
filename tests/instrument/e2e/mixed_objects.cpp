// Instrumented code calling an uninstrumented object file: the program
// links and runs; the race on the instrumented variable is reported, the
// uninstrumented library's own accesses are not seen.
// EXPECT: race
#include <gor/gor.hpp>

void library_bump();
int library_read();

int instrumented_counter;

int main() {
  return gor::main([] {
    gor::WaitGroup wg;
    wg.add(2);
    for (int i = 0; i < 2; ++i) {
      gor::go([&] {
        library_bump();
        instrumented_counter++;  // RACE: A
        wg.done();
      });
    }
    wg.wait();
    return library_read() > 0 ? 0 : 1;
  });
}
