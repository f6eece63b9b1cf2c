// A lambda's own fields (its captures) are read without a check in a call
// operator that is not `mutable`: they are written only when the closure is
// built. What the captures refer to is checked, and so are the captures of
// a `mutable` lambda and the members of a captured class object (which may
// be `mutable`). Each closure runs through a thunk, as a goroutine's does.
// At -O3, argument promotion may move a capture's load into the thunk as a
// new load, which is then checked (the tag is lost, never wrongly added).
using Thunk = int (*)(const void*);
void run_later(Thunk, const void*);

template <class F>
int thunk(const void* f) {
  return (*static_cast<F*>(const_cast<void*>(f)))();
}

struct Counter {
  mutable int n;
};

// The pointer to x (8 bytes) is not checked; x (4 bytes) is.
// CHECK-O0-LABEL: define {{.*}}@"_ZZ12by_referenceRiENK3$_0clEv"(
// CHECK-OPT-LABEL: define {{.*}}@"_Z5thunkIZ12by_referenceRiE3$_0EiPKv"(
// CHECK-O0-NOT: @__gorace_read8
// CHECK-O1-NOT: @__gorace_read8
// CHECK-O2-NOT: @__gorace_read8
// CHECK: call void @__gorace_read4(
// CHECK: ret i32
void by_reference(int& x) {
  auto f = [&x] { return x; };
  run_later(&thunk<decltype(f)>, &f);
}

// CHECK-O0-LABEL: define {{.*}}@"_ZZ8by_valueiENK3$_0clEv"(
// CHECK-OPT-LABEL: define {{.*}}@"_Z5thunkIZ8by_valueiE3$_0EiPKv"(
// CHECK-O0-NOT: @__gorace_read
// CHECK-O1-NOT: @__gorace_read
// CHECK-O2-NOT: @__gorace_read
// CHECK-O3: call void @__gorace_read4(
// CHECK: ret i32
void by_value(int y) {
  auto f = [y] { return y; };
  run_later(&thunk<decltype(f)>, &f);
}

// CHECK-O0-LABEL: define {{.*}}@"_ZZ14mutable_lambdaiEN3$_0clEv"(
// CHECK-OPT-LABEL: define {{.*}}@"_Z5thunkIZ14mutable_lambdaiE3$_0EiPKv"(
// CHECK: call void @__gorace_read4(
// CHECK: ret i32
void mutable_lambda(int y) {
  auto f = [y]() mutable { return y; };
  run_later(&thunk<decltype(f)>, &f);
}

// CHECK-O0-LABEL: define {{.*}}@"_ZZ12class_member7CounterENK3$_0clEv"(
// CHECK-OPT-LABEL: define {{.*}}@"_Z5thunkIZ12class_member7CounterE3$_0EiPKv"(
// CHECK: call void @__gorace_read4(
// CHECK: ret i32
void class_member(Counter c) {
  auto f = [c] { return c.n; };
  run_later(&thunk<decltype(f)>, &f);
}
