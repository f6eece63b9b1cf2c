// What cannot race is not instrumented: allocas that never escape, constant
// globals, loads from vtables, the runtime's headers, ignored functions.
#include "include/gor/fake_runtime.hpp"

void sink(int*);
int shared;
const int kTable[4] = {1, 2, 3, 4};

// CHECK-LABEL: define {{.*}}@_Z15local_no_escapei(
// CHECK-NOT: call void @__gorace_{{read|write}}
// CHECK-LABEL: ret i32
int local_no_escape(int n) {
  int local[8] = {};
  for (int i = 0; i < 8; ++i) local[i] = n + i;
  return local[n & 7] + kTable[n & 3];
}

// CHECK-LABEL: define {{.*}}@_Z12local_escapev(
// CHECK: call void @__gorace_write4(ptr %{{.*}},
// CHECK-LABEL: ret i32
int local_escape() {
  int x = 1;
  sink(&x);
  return x;
}

struct Base {
  virtual int f() { return 1; }
  virtual ~Base() = default;
};
// The vtable pointer is read as the object's memory (a delete may race it);
// the vtable slot, constant, is not instrumented.
// CHECK-LABEL: define {{.*}}@_Z12virtual_callP4Base(
// CHECK: call void @__gorace_read8(ptr
// CHECK-NOT: call void @__gorace_read8
// CHECK-LABEL: ret i32
int virtual_call(Base* b) { return b->f(); }

// Constructors and destructors store the vtable pointer through
// __gorace_vptr_update (a write only when the pointer changes).
struct Derived : Base {
  Derived();
  int f() override { return 2; }
};
// CHECK-LABEL: define {{.*}}@_ZN7DerivedC2Ev(
// CHECK: call void @__gorace_vptr_update(ptr
// CHECK-NOT: call void @__gorace_write8
// CHECK-LABEL: ret void
Derived::Derived() = default;

// CHECK-LABEL: define {{.*}}@_Z7ignoredv(
// CHECK-NOT: __gorace_
// CHECK-LABEL: ret void
__attribute__((disable_sanitizer_instrumentation)) void ignored() { shared = 1; }

// Annotated functions are runtime code: their accesses are skipped even
// where they are inlined (but code inlined into them from user code is not).
__attribute__((annotate("gorace_ignore"))) inline void annotated() { shared = 2; }
// CHECK-LABEL: define {{.*}}@_Z13use_annotatedv(
// CHECK-NOT: call void @__gorace_write4(ptr @shared
// CHECK-LABEL: ret void
void use_annotated() { annotated(); }

// Runtime header code is skipped, inlined or not; the user's lambda inlined
// into the runtime's template is instrumented.
// CHECK-LABEL: define {{.*}}@_Z11use_runtimeRN3gor8FakeChanE(
// CHECK-NOT: __gorace_write4(
// CHECK-NOT: __gorace_write8(
// CHECK-OPT: call void @__gorace_write4(ptr @shared,
// CHECK-LABEL: ret void
void use_runtime(gor::FakeChan& chan) {
  chan.push(1);
  chan.push_inline(2);
  chan.with([] { shared = 3; });
}
// (inline: its private instrumented copy, see private_copies.cpp)
// CHECK-LABEL: define {{.*}}@_ZN3gor8FakeChan4pushEi.gorace(
// CHECK-NOT: __gorace_
// CHECK-LABEL: ret void

// Two user callbacks inlined into a runtime template: from -O1 on their
// stores are merged into one store through a select of the addresses, whose
// location is the template's (line 0). It is still user code.
int left_value;
int right_value;
// CHECK-LABEL: define {{.*}}@_Z10use_chooseb(
// CHECK-OPT: call void @__gorace_write4(ptr %{{.*}},
// CHECK-OPT-NEXT: store i32 1, ptr %{{.*}}
// CHECK-O0-NOT: __gorace_write4
// CHECK-LABEL: ret void
void use_choose(bool first) {
  gor::choose(first, [] { left_value = 1; }, [] { right_value = 1; });
}

// Thread-local storage (a thread_local, errno) is the worker thread's, which
// goroutines on that worker share one after another, never at once: not
// checked.
extern "C" int* __errno_location() noexcept;
thread_local int per_thread_count;
// CHECK-LABEL: define {{.*}}@_Z14thread_storagev(
// CHECK-NOT: call void @__gorace_{{read|write}}
// CHECK-LABEL: ret i32
int thread_storage() {
  *__errno_location() = 0;
  ++per_thread_count;
  return *__errno_location() + per_thread_count;
}
