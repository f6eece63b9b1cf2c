// Compiled WITHOUT the plugin and linked into mixed_objects and
// annotation_foreign_stack: its accesses are unseen by the detector, and it
// must link and run.
#include <gor/race.hpp>

int library_counter;

void library_bump() {
  library_counter++;
}

int library_read() {
  return library_counter;
}

// What the annotation API is for: code the plugin cannot see says what it
// accesses.
int* library_annotated_write(int* p) {
  gor::race::write(p, sizeof *p);
  *p = 1;
  return p;
}

// A global the plugin registers no record of: reports locate it through the
// program's symbol table.
int library_total;

// A thread routine that runs no instrumented code (a library's worker
// thread): its thread's analyzer state is made and finished by the
// runtime alone.
void* library_thread_routine(void*) {
  return nullptr;
}
