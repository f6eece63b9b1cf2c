// memcpy, memmove and memset (intrinsics and library calls) are range
// accesses: a read of the source and a write of the destination.
#include <cstddef>
#include <cstring>

// CHECK-LABEL: define {{.*}}@_Z4copyPcPKcm(
// CHECK: call void @__gorace_read_range(ptr %{{.*}}, i64 %{{.*}},
// CHECK-NEXT: call void @__gorace_write_range(ptr %{{.*}}, i64 %{{.*}},
// CHECK-NEXT: call void @llvm.memcpy
// CHECK-LABEL: ret void
void copy(char* to, const char* from, size_t n) { std::memcpy(to, from, n); }

// CHECK-LABEL: define {{.*}}@_Z4movePcPKcm(
// CHECK: call void @__gorace_read_range(ptr %{{.*}}, i64 %{{.*}},
// CHECK-NEXT: call void @__gorace_write_range(ptr %{{.*}}, i64 %{{.*}},
// CHECK-NEXT: call void @llvm.memmove
// CHECK-LABEL: ret void
void move(char* to, const char* from, size_t n) { std::memmove(to, from, n); }

// CHECK-LABEL: define {{.*}}@_Z4fillPcm(
// CHECK-NOT: __gorace_read_range
// CHECK: call void @__gorace_write_range(ptr %{{.*}}, i64 %{{.*}},
// CHECK-NEXT: call void @llvm.memset
// CHECK-LABEL: ret void
void fill(char* to, size_t n) { std::memset(to, 0, n); }

// A copy into a local buffer that never escapes reads the source only
// (once -O1 has removed the range-for's pointers to the buffer; at -O0 the
// optimizer may also have turned the copy into a 16-byte load).
// CHECK-LABEL: define {{.*}}@_Z10into_localPKc(
// CHECK-OPT-NOT: __gorace_write
// CHECK: call void @__gorace_read{{16|_range}}(ptr %{{.*}}
// CHECK-OPT-NOT: __gorace_write
// CHECK-LABEL: ret
int into_local(const char* from) {
  char buffer[16];
  std::memcpy(buffer, from, sizeof buffer);
  int sum = 0;
  for (char c : buffer) sum += c;
  return sum;
}
