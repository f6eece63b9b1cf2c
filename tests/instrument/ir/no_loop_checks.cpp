// -fplugin-arg-gorace-no-loop-checks: a dense loop's accesses are checked
// where they run (compare loop_ranges.cpp, where this loop is checked once
// before it).
#include <cstddef>

// CHECK-LABEL: define {{.*}}@_Z4fillPlm(
// CHECK-NOT: __gorace_write_elements
// CHECK: call void @__gorace_write{{8|16}}(
void fill(long* values, size_t n) {
  for (size_t i = 0; i < n; ++i) values[i] = static_cast<long>(i);
}
