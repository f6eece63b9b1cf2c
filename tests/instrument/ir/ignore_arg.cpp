// -fplugin-arg-gorace-ignore=<regex>: functions whose readable name matches
// are left alone.
int shared;

// CHECK-LABEL: define {{.*}}@_ZN7Skipped5writeEv(
// CHECK-NOT: __gorace_
// CHECK-LABEL: ret void
struct Skipped {
  void write();
  static inline __attribute__((always_inline)) void bump() { shared += 3; }
};
void Skipped::write() { shared = 1; }

// CHECK-LABEL: define {{.*}}@_Z4keptv(
// CHECK: call void @__gorace_write4(ptr @shared,
void kept() { shared = 2; }

// Also where an ignored function is inlined: its accesses keep no check in
// the caller, the caller's own accesses do.
int other;
// CHECK-LABEL: define {{.*}}@_Z6callerv(
// CHECK-NOT: __gorace_{{read|write}}4(ptr @shared
// CHECK: call void @__gorace_write4(ptr @other,
// CHECK-NOT: __gorace_{{read|write}}4(ptr @shared
// CHECK-LABEL: ret void
void caller() {
  Skipped::bump();
  other = 1;
}
