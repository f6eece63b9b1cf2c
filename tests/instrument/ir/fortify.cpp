// With _FORTIFY_SOURCE, calls whose destination size the compiler knows
// become __memcpy_chk, __strcpy_chk, ...: checked as the plain functions.
// clang-format off
#include <cstdio>
#include <cstring>

char g[16];

// CHECK-LABEL: define {{.*}}@_Z4copyPKcm(
// CHECK: call void @__gorace_read_range(ptr %[[S:[0-9]+]], i64 %[[N:[0-9]+]],
// CHECK-NEXT: call void @__gorace_write_range(ptr @g, i64 %[[N]],
// CHECK: call ptr @__memcpy_chk(
void copy(const char* from, size_t n) { std::memcpy(g, from, n); }

// CHECK-LABEL: define {{.*}}@_Z4fillm(
// CHECK-NOT: __gorace_read_range
// CHECK: call void @__gorace_write_range(ptr @g, i64 %{{[0-9]+}},
// CHECK: call ptr @__memset_chk(
void fill(size_t n) { std::memset(g, 1, n); }

// CHECK-LABEL: define {{.*}}@_Z6appendPKc(
// CHECK: %[[R:[0-9]+]] = {{(tail )?}}call ptr @__strcat_chk(ptr {{.*}}@g, ptr {{.*}}%[[S:[0-9]+]], i64 {{.*}}16)
// CHECK-NEXT: %[[I:[0-9]+]] = ptrtoint ptr %[[R]] to i64
// CHECK-NEXT: call void @__gorace_libc_call(i32 8, ptr @g, ptr %[[S]], i64 0, i64 %[[I]],
void append(const char* from) { std::strcat(g, from); }

// (The optimizer may turn __sprintf_chk back into sprintf.)
// CHECK-LABEL: define {{.*}}@_Z5printi(
// CHECK: %[[N:[0-9]+]] = {{(tail )?}}call i32 ({{.*}}) @{{(__sprintf_chk|sprintf)}}(ptr {{.*}}@g,
// CHECK-NEXT: %[[W:[0-9]+]] = sext i32 %[[N]] to i64
// CHECK-NEXT: call void @__gorace_libc_call(i32 17, ptr @g, ptr null, i64 0, i64 %[[W]],
void print(int v) { std::sprintf(g, "%d", v); }
