// A goroutine's own closure (the task GoTaskImpl::run runs, annotated
// GOR_GOROUTINE_ENTRY) is not checked once the goroutine's body is inlined
// there and the task's address does not escape: neither the pointer of a
// by-reference capture (8 bytes) nor a by-value capture (a long, 8 bytes).
// What the reference refers to (an int, 4 bytes) is checked. Where a
// capture's address escapes (handed to a function the optimizer does not
// see), the closure's fields are checked again.
#include <gor/gor.hpp>

void opaque(const long*);

// CHECK-LABEL: define {{.*}}GoTaskImpl{{.*}}read_captures{{.*}}run
// CHECK-NOT: call void @__gorace_read8
// CHECK: call void @__gorace_read4(
// CHECK-NOT: call void @__gorace_read8
// CHECK: ret void
void read_captures(int& x, long y, int* out) {
  gor::go([&x, y, out] { *out = x + static_cast<int>(y); });
}

// CHECK-LABEL: define {{.*}}GoTaskImpl{{.*}}escaping_capture{{.*}}run
// CHECK: call void @__gorace_read8(
// CHECK: ret void
void escaping_capture(long y, long* out) {
  gor::go([y, out] {
    opaque(&y);
    *out = y;
  });
}
