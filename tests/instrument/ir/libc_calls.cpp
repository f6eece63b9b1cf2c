// Calls of C string and formatting functions are followed by
// __gorace_libc_call(function, a, b, n, result, location): the runtime
// works out the bytes they read and wrote (gor/race_abi.h numbers them).
// clang-format off
#include <cstdio>
#include <cstring>

// CHECK-LABEL: define {{.*}}@_Z6lengthPKc(
// CHECK: %[[LEN:[0-9]+]] = {{(tail )?}}call i64 @strlen(ptr {{.*}}%[[S:[a-z0-9.]+]])
// CHECK-NEXT: call void @__gorace_libc_call(i32 1, ptr %[[S]], ptr null, i64 0, i64 %[[LEN]],
size_t length(const char* s) { return std::strlen(s); }

// CHECK-LABEL: define {{.*}}@_Z4copyPcPKc(
// CHECK: %[[R:[0-9]+]] = {{(tail )?}}call ptr @strcpy(ptr {{.*}}%[[D:[a-z0-9.]+]], ptr {{.*}}%[[S:[a-z0-9.]+]])
// CHECK-NEXT: %[[I:[0-9]+]] = ptrtoint ptr %[[R]] to i64
// CHECK-NEXT: call void @__gorace_libc_call(i32 5, ptr %[[D]], ptr %[[S]], i64 0, i64 %[[I]],
char* copy(char* to, const char* from) { return std::strcpy(to, from); }

// CHECK-LABEL: define {{.*}}@_Z6formatPcmi(
// CHECK: %[[N:[0-9]+]] = {{(tail )?}}call i32 (ptr, i64, ptr, ...) @snprintf(ptr {{.*}}%[[D:[a-z0-9.]+]], i64 {{.*}}%[[SIZE:[a-z0-9.]+]],
// CHECK-NEXT: %[[W:[0-9]+]] = sext i32 %[[N]] to i64
// CHECK-NEXT: call void @__gorace_libc_call(i32 18, ptr %[[D]], ptr null, i64 %[[SIZE]], i64 %[[W]],
int format(char* to, size_t size, int value) { return std::snprintf(to, size, "%d", value); }

// A local buffer nobody else can see: nothing to check.
// CHECK-LABEL: define {{.*}}@_Z12local_digitsi(
// CHECK-OPT-NOT: __gorace_libc_call
// CHECK-LABEL: ret
int local_digits(int value) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%d", value);
  return static_cast<int>(std::strlen(buffer));
}

// A function of the same name that is not the C library's is left alone.
namespace notlibc {
extern "C++" size_t strlen(int);
}
// CHECK-LABEL: define {{.*}}@_Z5otheri(
// CHECK-NOT: __gorace_libc_call
// CHECK-LABEL: ret
size_t other(int x) { return notlibc::strlen(x); }
