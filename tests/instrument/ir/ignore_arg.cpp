// -fplugin-arg-gorace-ignore=<regex>: functions whose readable name matches
// are left alone.
int shared;

// CHECK-LABEL: define {{.*}}@_ZN7Skipped5writeEv(
// CHECK-NOT: __gorace_
// CHECK-LABEL: ret void
struct Skipped {
  void write();
};
void Skipped::write() { shared = 1; }

// CHECK-LABEL: define {{.*}}@_Z4keptv(
// CHECK: call void @__gorace_write4(ptr @shared,
void kept() { shared = 2; }
