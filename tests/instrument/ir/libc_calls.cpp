// Calls of C string and formatting functions are followed by
// __gorace_libc_call(function, a, b, n, result, location): the runtime
// works out the bytes they read and wrote (gor/race_abi.h numbers them).
// clang-format off
#include <unistd.h>

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

// A write releases into the I/O clock before the data leaves (Go's ioSync),
// even from a private buffer; the read that takes it in acquires
// afterwards, in __gorace_libc_call.
// CHECK-LABEL: define {{.*}}@_Z9send_bytei(
// CHECK: call void @__gorace_libc_before(i32 20)
// CHECK: {{call|invoke}} i64 @write(
// CHECK: call void @__gorace_libc_call(i32 20,
// CHECK-LABEL: ret
ssize_t send_byte(int fd) {
  const char byte = 1;
  return write(fd, &byte, 1);
}

// A call that may unwind into a handler (an invoke): checked where it
// returns normally.
void may_throw();
// CHECK-LABEL: define {{.*}}@_Z11read_in_tryiPcm(
// CHECK: invoke i64 @read(
// CHECK: call void @__gorace_libc_call(i32 19,
// CHECK-LABEL: ret
ssize_t read_in_try(int fd, char* buffer, size_t size) {
  try {
    may_throw();
    return read(fd, buffer, size);
  } catch (...) {
    return -1;
  }
}

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
