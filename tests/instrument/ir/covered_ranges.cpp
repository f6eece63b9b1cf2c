// A range check followed in its basic block by one of the same address, at
// least as many bytes and at least as strong, with nothing between them
// that can synchronise, is dropped: the later check finds every race the
// earlier one would. From -O1 on, where the fill loop's check is hoisted
// next to the constructor's memset; at -O0 each access keeps its check.
#include <cstring>
#include <vector>

void consume(const std::vector<long>& v);
void consume(const long* p);
void sync_point();

// The constructor zeroes the block (a memset), then the loop fills it.
// CHECK-LABEL: define {{.*}}@_Z14zero_then_filll(
// CHECK-OPT-NOT: call void @__gorace_write_range(ptr %{{.*}}, i64 4096,
// CHECK-OPT: call void @__gorace_write_elements(ptr %{{.*}}, i64 4096,
// CHECK-OPT-NOT: call void @__gorace_write_range(ptr %{{.*}}, i64 4096,
// CHECK-OPT: ret void
void zero_then_fill(long i) {
  std::vector<long> blk(512);
  for (long j = 0; j < 512; ++j) blk[static_cast<size_t>(j)] = i + j;
  consume(blk);
}

// A call between them may synchronise: both stay.
// CHECK-LABEL: define {{.*}}@_Z14zero_call_fillPll(
// CHECK: call void @__gorace_write_range(ptr %{{.*}}, i64 4096,
// CHECK: {{call|invoke}} void @_Z10sync_pointv(
// CHECK-OPT: call void @__gorace_write_elements(ptr %{{.*}}, i64 4096,
void zero_call_fill(long* p, long i) {
  std::memset(p, 0, 4096);
  sync_point();
  for (long j = 0; j < 512; ++j) p[j] = i + j;
  consume(p);
}

// The loop writes half the block: the memset's check stays.
// CHECK-LABEL: define {{.*}}@_Z19zero_then_fill_halfPll(
// CHECK: call void @__gorace_write_range(ptr %{{.*}}, i64 4096,
// CHECK-OPT: call void @__gorace_write_elements(ptr %{{.*}}, i64 2048,
void zero_then_fill_half(long* p, long i) {
  std::memset(p, 0, 4096);
  for (long j = 0; j < 256; ++j) p[j] = i + j;
  consume(p);
}

// The second copy's read of `src` is covered by the memset's write of it;
// the first copy's is not (a call follows it).
// CHECK-LABEL: define {{.*}}@_Z15copy_then_clearPlPKl(
// CHECK: call void @__gorace_read_range(
// CHECK: {{call|invoke}} void @_Z7consumePKl(
// CHECK-OPT-NOT: call void @__gorace_read_range(
// CHECK-O0: call void @__gorace_read_range(
// CHECK: call void @__gorace_write_range(ptr %{{.*}}, i64 4096,
// CHECK: ret void
void copy_then_clear(long* dst, const long* src) {
  std::memcpy(dst, src, 4096);
  consume(dst);
  std::memcpy(dst, src, 4096);
  std::memset(const_cast<long*>(src), 0, 4096);
}

// A write is not covered by a later read of the same bytes.
// CHECK-LABEL: define {{.*}}@_Z15write_then_readPKlPl(
// CHECK: call void @__gorace_write_range(ptr %{{.*}}, i64 4096,
// CHECK: call void @__gorace_read_range(ptr %{{.*}}, i64 4096,
void write_then_read(const long* p, long* q) {
  std::memset(const_cast<long*>(p), 1, 4096);
  consume(p);
  std::memcpy(q, p, 4096);
}
