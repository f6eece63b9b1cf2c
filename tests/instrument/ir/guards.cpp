// A function-local static's guard calls: the acquire's result says whether
// this goroutine runs the initializer (it is not switched out until the
// release or abort), and the release publishes the value.
int compute(int);

// CHECK-LABEL: define {{.*}}@_Z5tablev(
// CHECK: %[[TAKEN:.*]] = {{(tail )?}}call i32 @__cxa_guard_acquire(ptr {{.*}}@_ZGVZ5tablevE5value)
// CHECK-NEXT: call void @__gorace_guard_acquired(ptr @_ZGVZ5tablevE5value, i32 %[[TAKEN]], ptr @{{.*}})
// CHECK: call void @__gorace_guard_release(ptr @_ZGVZ5tablevE5value, ptr @{{.*}})
// CHECK: {{(tail )?}}call void @__cxa_guard_release(ptr {{.*}}@_ZGVZ5tablevE5value)
// CHECK: call void @__gorace_guard_abort(ptr @_ZGVZ5tablevE5value)
// CHECK: {{(tail )?}}call void @__cxa_guard_abort(ptr {{.*}}@_ZGVZ5tablevE5value)
int table() {
  static int value = compute(7);
  return value;
}
