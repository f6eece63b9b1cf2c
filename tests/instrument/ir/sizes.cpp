// Plain loads and stores of every size become __gorace_readN/writeN before
// the access; other sizes, unaligned and wide vector accesses become ranges.
#include <cstdint>

uint8_t g1;
uint16_t g2;
uint32_t g4;
uint64_t g8;
unsigned __int128 g16;
struct __attribute__((packed)) Packed {
  char c;
  uint32_t unaligned;
};
Packed packed;
typedef int v8si __attribute__((vector_size(32)));
v8si wide;
struct Odd {
  char bytes[24];
};
Odd odd;
Odd odd_copy;

// CHECK-LABEL: define {{.*}}@_Z6storesv(
// CHECK: call void @__gorace_write1(ptr @g1,
// CHECK-NEXT: store i8 1, ptr @g1
// CHECK: call void @__gorace_write2(ptr @g2,
// CHECK: call void @__gorace_write4(ptr @g4,
// CHECK: call void @__gorace_write8(ptr @g8,
// CHECK: call void @__gorace_write16(ptr @g16,
// CHECK-LABEL: ret void
void stores() {
  g1 = 1;
  g2 = 2;
  g4 = 4;
  g8 = 8;
  g16 = 16;
}

// CHECK-LABEL: define {{.*}}@_Z5loadsv(
// CHECK: call void @__gorace_read1(ptr @g1,
// CHECK: call void @__gorace_read2(ptr @g2,
// CHECK: call void @__gorace_read4(ptr @g4,
// CHECK: call void @__gorace_read8(ptr @g8,
// CHECK: call void @__gorace_read16(ptr @g16,
// CHECK-LABEL: ret i64
uint64_t loads() { return g1 + g2 + g4 + g8 + static_cast<uint64_t>(g16); }

// An unaligned 4-byte store is still a 4-byte access.
// CHECK-LABEL: define {{.*}}@_Z9unalignedv(
// CHECK: call void @__gorace_write4(ptr getelementptr inbounds ({{.*}}@packed,
// CHECK-NEXT: store i32 7, ptr getelementptr inbounds ({{.*}}@packed, {{.*}}), align 1
void unaligned() { packed.unaligned = 7; }

// A 32-byte vector access is a range.
// CHECK-LABEL: define {{.*}}@_Z10wide_storev(
// CHECK: call void @__gorace_write_range(ptr @wide, i64 32,
void wide_store() { wide = v8si{1, 2, 3, 4, 5, 6, 7, 8}; }

// A 24-byte aggregate copy: a range read of the source and a range write of
// the destination (memcpy intrinsic).
// CHECK-LABEL: define {{.*}}@_Z8copy_oddv(
// CHECK-DAG: call void @__gorace_read_range(ptr @odd, i64 24,
// CHECK-DAG: call void @__gorace_write_range(ptr @odd_copy, i64 24,
void copy_odd() { odd_copy = odd; }

// A load followed by a store of the same address in the same block, with
// no call between them, is covered by the store.
// CHECK-LABEL: define {{.*}}@_Z9incrementv(
// CHECK-NOT: __gorace_read4
// CHECK: call void @__gorace_write4(ptr @g4,
// CHECK-LABEL: ret void
void increment() { ++g4; }
