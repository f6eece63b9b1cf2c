// A load or store run on every iteration of a loop that cannot synchronise
// or leave early, its address stepping by its size, is checked once before
// the loop (__gorace_{read,write}_elements: lowest address, bytes, element
// size, location) from -O1 on, where loops have a trip count; at -O0 every
// access is checked where it runs.
#include <cstddef>

struct Pair {
  long x;
  long y;
};

// CHECK-LABEL: define {{.*}}@_Z4fillPlm(
// CHECK-OPT: call void @__gorace_write_elements(ptr %{{.*}}, i64 %{{.*}}, i64 {{8|16|32}}, ptr @__gorace_loc
// CHECK-OPT-NOT: call void @__gorace_write{{[0-9]+}}(
// CHECK-O0: call void @__gorace_write8(
void fill(long* values, size_t n) {
  for (size_t i = 0; i < n; ++i) values[i] = static_cast<long>(i);
}

// Backwards: the range starts at the last iteration's address.
// CHECK-LABEL: define {{.*}}@_Z7reversePim(
// CHECK-OPT: call void @__gorace_write_elements(
// CHECK-OPT-NOT: call void @__gorace_write{{[0-9]+}}(
void reverse(int* values, size_t n) {
  for (size_t i = n; i > 0; --i) values[i - 1] = 7;
}

// A sum reads every element.
// CHECK-LABEL: define {{.*}}@_Z3sumPKlm(
// CHECK-OPT: call void @__gorace_read_elements(
// CHECK-OPT-NOT: call void @__gorace_read{{[0-9]+}}(
long sum(const long* values, size_t n) {
  long s = 0;
  for (size_t i = 0; i < n; ++i) s += values[i];
  return s;
}

// One field of each struct: gaps between the accesses, checked one by one.
// CHECK-LABEL: define {{.*}}@_Z6fill_xP4Pairm(
// CHECK-NOT: __gorace_write_elements
// CHECK: call void @__gorace_write8(
void fill_x(Pair* pairs, size_t n) {
  for (size_t i = 0; i < n; ++i) pairs[i].x = 1;
}

// Under a condition: not every iteration writes.
// CHECK-LABEL: define {{.*}}@_Z10fill_evensPlm(
// CHECK-NOT: __gorace_write_elements
// CHECK: call void @__gorace_write8(
void fill_evens(long* values, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    if (values[i] % 2 == 0) values[i] = 0;
  }
}

// A call in the loop may synchronise: checked one by one.
void sync_point();
// CHECK-LABEL: define {{.*}}@_Z11fill_callerPlm(
// CHECK-NOT: __gorace_write_elements
// CHECK: call void @__gorace_write8(
void fill_caller(long* values, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    values[i] = 1;
    sync_point();
  }
}

// An exit whose trip count is unknown on entry (a sentinel search).
// CHECK-LABEL: define {{.*}}@_Z6lengthPKc(
// CHECK-NOT: __gorace_read_elements
// CHECK: call void @__gorace_read1(
size_t length(const char* text) {
  size_t n = 0;
  while (text[n] != '\0') ++n;
  return n;
}
