// no_sanitize("thread") and GCC's no_sanitize_thread, as under TSan: the
// function's plain accesses (and memory calls) are not checked, its atomic
// operations still are (they synchronise), and so is everything around it.
#include <cstring>

int hidden;
int seen;
int flag;
char buffer[64];

// CHECK-LABEL: define {{.*}}@_Z6benignv(
// CHECK-NOT: call void @__gorace_{{read|write}}
// CHECK: call void @__gorace_atomic4_store(ptr @flag,
// CHECK-NOT: call void @__gorace_{{read|write}}
// CHECK-LABEL: ret void
__attribute__((no_sanitize("thread"))) void benign() {
  hidden++;
  std::memset(buffer, 0, sizeof buffer);
  __atomic_store_n(&flag, 1, __ATOMIC_RELEASE);
}

// CHECK-LABEL: define {{.*}}@_Z8gcc_formv(
// CHECK-NOT: call void @__gorace_{{read|write}}
// CHECK-LABEL: ret void
__attribute__((no_sanitize_thread)) void gcc_form() {
  hidden = 2;
}

// Other sanitizers' opt-outs change nothing here.
// CHECK-LABEL: define {{.*}}@_Z12address_onlyv(
// CHECK: call void @__gorace_write4(ptr @seen,
__attribute__((no_sanitize("address"))) void address_only() {
  seen = 3;
}

// A member function defined in its class carries it too (emitted after its
// first use).
struct Counter {
  int n;
  __attribute__((no_sanitize("thread"))) __attribute__((noinline)) void bump() { n++; }
};
Counter counter;
void use_counter() {
  counter.bump();
}
// CHECK-LABEL: define {{.*}}@_ZN7Counter4bumpEv{{(.gorace)?}}(
// CHECK-NOT: call void @__gorace_{{read|write}}
// CHECK-LABEL: ret void
