// An annotation made in code built without the plugin (uninstrumented_lib.cpp):
// the report shows the annotated position above the instrumented caller's
// call site, as TSan's shadow stack does, and names the function as the
// plugin names frames.
// EXPECT: race
// LOCATION: library_annotated_write()
// LOCATION: uninstrumented_lib.cpp
#include <gor/gor.hpp>

int* library_annotated_write(int* p);  // a pointer: "int *library_annotated_write(int *)"

int shared_value;

[[gnu::noinline]] void store_through_library() {
  library_annotated_write(&shared_value);  // RACE: A
}

int main() {
  return gor::main([] {
    gor::WaitGroup wg;
    for (int i = 0; i < 2; ++i) {
      wg.add(1);
      gor::go([&] {
        store_through_library();
        wg.done();
      });
    }
    wg.wait();
  });
}
