// Shadow call stack: func_enter on entry, the call site's record stored in
// the returned slot before each call, func_exit on every return and on
// unwinding.
void callee();
int shared;

// The call sites' records (emitted before the functions) point into this
// file at the calls' lines and columns.
// CHECK-DAG: @[[CALLER:__gorace_str[.0-9]*]] = private unnamed_addr constant [7 x i8] c"caller\00"
// CHECK-DAG: @[[SITE1:__gorace_loc[.0-9]*]] = private constant {{.*}} { ptr @[[CALLER]], ptr @{{.*}}, i32 27, i32 3, ptr null }
// CHECK-DAG: @[[SITE2:__gorace_loc[.0-9]*]] = private constant {{.*}} { ptr @[[CALLER]], ptr @{{.*}}, i32 28, i32 14, ptr null }

// CHECK-LABEL: define {{.*}}@_Z6callerb(
// CHECK: %[[SLOT:.*]] = call ptr @__gorace_func_enter()
// CHECK: store ptr @[[SITE1]], ptr %[[SLOT]]
// CHECK-NEXT: invoke void @_Z6calleev()
// CHECK: store ptr @[[SITE2]], ptr %[[SLOT]]
// CHECK-NEXT: invoke void @_Z6calleev()
// CHECK: call void @__gorace_func_exit()
// CHECK-NEXT: ret void
// A call that may throw unwinds through a cleanup that exits the frame.
// CHECK: landingpad
// CHECK-NEXT: cleanup
// CHECK-NEXT: call void @__gorace_func_exit()
// CHECK-NEXT: resume
void caller(bool twice) {
  callee();
  if (twice) callee();
}

// Without exceptions, no landing pad is needed.
// CHECK-LABEL: define {{.*}}@_Z14caller_nothrowv(
// CHECK: call ptr @__gorace_func_enter()
// CHECK: call void @_Z14callee_nothrowv()
// CHECK-NOT: landingpad
// CHECK: call void @__gorace_func_exit()
// CHECK-NEXT: ret void
void callee_nothrow() noexcept;
void caller_nothrow() noexcept { callee_nothrow(); }

// A leaf function that touches no shared memory gets no hooks.
// CHECK-LABEL: define {{.*}}@_Z4leafi(
// CHECK-NOT: __gorace_
// CHECK-LABEL: ret i32
int leaf(int x) { return x * 2; }

// An access alone is enough for hooks.
// CHECK-LABEL: define {{.*}}@_Z5writev(
// CHECK: call ptr @__gorace_func_enter()
// CHECK: call void @__gorace_write4(ptr @shared,
// CHECK: call void @__gorace_func_exit()
void write() { shared = 1; }

// setjmp returns again when a longjmp comes back, past the exits of the
// frames the longjmp left: after each of its returns the frame is resumed.
// CHECK-LABEL: define {{.*}}@_Z11with_setjmpv(
// CHECK: %[[SLOT:.*]] = call ptr @__gorace_func_enter()
// CHECK: call i32 @_setjmp(
// CHECK-NEXT: call void @__gorace_func_resume(ptr %[[SLOT]])
#include <csetjmp>
std::jmp_buf jump_target;
int with_setjmp() {
  if (setjmp(jump_target) != 0) return 1;
  callee_nothrow();
  return 0;
}
