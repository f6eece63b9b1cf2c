// Instrumented inline functions get private names (".gorace"): objects
// compiled without the plugin (the runtime) keep their own uninstrumented
// copies. Comdats follow their functions; variables keep their names.
int shared;

// An inline function: renamed with its comdat; its static local is not.
// CHECK-DAG: $_Z9bump_oncev.gorace = comdat any
// CHECK-DAG: @_ZZ9bump_oncevE5count = linkonce_odr {{.*}}global i32 0, comdat, align 4
// CHECK-DAG: define linkonce_odr {{.*}}@_Z9bump_oncev.gorace() {{.*}}comdat {{(align|!dbg|\{)}}
__attribute__((noinline)) inline int bump_once() {
  static int count = 0;
  return ++count;
}

// A template member: renamed with its comdat.
template <typename T>
struct Box {
  T value;
  __attribute__((noinline)) void set(T v) { value = v; }
};
// CHECK-DAG: $_ZN3BoxIiE3setEi.gorace = comdat any
// CHECK-DAG: define linkonce_odr {{.*}}@_ZN3BoxIiE3setEi.gorace({{.*}} comdat {{(align|!dbg|\{)}}

// Constructors of an explicitly instantiated class: the complete-object
// constructor C1 is an alias of the base-object constructor C2, both in the
// C5 comdat. Both are renamed, the comdat too (same for the D1/D2
// destructors in D5).
template <typename T>
struct Counted {
  Counted() { ++shared; }
  ~Counted() { --shared; }
};
template struct Counted<int>;
// CHECK-DAG: $_ZN7CountedIiEC5Ev.gorace = comdat any
// CHECK-DAG: @_ZN7CountedIiEC1Ev.gorace = weak_odr {{.*}}alias void (ptr), ptr @_ZN7CountedIiEC2Ev.gorace
// CHECK-DAG: define weak_odr {{.*}}@_ZN7CountedIiEC2Ev.gorace({{.*}} comdat($_ZN7CountedIiEC5Ev.gorace)
// CHECK-DAG: $_ZN7CountedIiED5Ev.gorace = comdat any
// CHECK-DAG: @_ZN7CountedIiED1Ev.gorace = weak_odr {{.*}}alias void (ptr), ptr @_ZN7CountedIiED2Ev.gorace
// CHECK-DAG: define weak_odr {{.*}}@_ZN7CountedIiED2Ev.gorace({{.*}} comdat($_ZN7CountedIiED5Ev.gorace)
// weak_odr: the original names stay defined as aliases (see below).
// CHECK-DAG: @_ZN7CountedIiEC1Ev = weak_odr {{.*}}alias void (ptr), ptr @_ZN7CountedIiEC1Ev.gorace
// CHECK-DAG: @_ZN7CountedIiEC2Ev = weak_odr {{.*}}alias void (ptr), ptr @_ZN7CountedIiEC2Ev.gorace

// An explicit instantiation definition (weak_odr) is renamed; the original
// name stays defined as an alias for objects that see only a declaration.
template <typename T>
T twice(T v) {
  shared += 1;
  return v + v;
}
template int twice<int>(int);
// CHECK-DAG: define weak_odr {{.*}}@_Z5twiceIiET_S0_.gorace({{.*}} comdat {{(align|!dbg|\{)}}
// CHECK-DAG: @_Z5twiceIiET_S0_ = weak_odr {{.*}}alias i32 (i32), ptr @_Z5twiceIiET_S0_.gorace

// A declaration and an available_externally definition (extern template)
// keep the external name.
int external_inline();
template <typename T>
struct Ext {
  __attribute__((noinline)) T get(T v) { return v + 1; }
};
extern template struct Ext<long>;
// CHECK-DAG: declare {{.*}}i32 @_Z15external_inlinev()
// CHECK-DAG: declare {{.*}}i64 @_ZN3ExtIlE3getEl(

// Nothing keeps the old names.
// CHECK-NOT: $_Z9bump_oncev = comdat
// CHECK-NOT: $_ZN3BoxIiE3setEi = comdat
// CHECK-NOT: define {{.*}}@_Z9bump_oncev(
// CHECK-NOT: define {{.*}}@_ZN3BoxIiE3setEi(
// CHECK-NOT: @_ZN3ExtIlE3getEl.gorace
// CHECK-NOT: $_ZN7CountedIiEC5Ev = comdat

int use(Ext<long>& ext) {
  Box<int> box;
  box.set(bump_once());
  Counted<int> counted;
  (void)counted;
  return box.value + external_inline() + static_cast<int>(ext.get(2)) + twice(3);
}
