// Atomic operations are synchronisation plus atomic accesses, never plain
// accesses. Loads, stores, integer read-modify-writes and compare-exchanges
// of 1, 2, 4 and 8 bytes become calls of __gorace_atomicN_<operation> that
// perform the instruction in the runtime (value(s) as iN, then the C ABI
// memory order(s): relaxed 0, acquire 2, release 3, acq_rel 4, seq_cst 5);
// the instruction itself is gone. Other atomics keep the instruction between
// hooks: release before, acquire after, relaxed ones as
// __gorace_atomic_access.
#include <atomic>
#include <cstdint>

int i32;
uint8_t u8;
int16_t i16;
uint64_t u64;
float f32;
double f64;
unsigned __int128 u128;
std::atomic<int> a32;

// CHECK-LABEL: define {{.*}}@_Z13release_storev(
// CHECK-NOT: __gorace_write
// CHECK-NOT: store atomic
// CHECK: call void @__gorace_atomic4_store(ptr @i32, i32 {{.*}}, i32 3, ptr @__gorace_loc
// CHECK-NOT: store atomic
// CHECK-LABEL: ret void
void release_store() {
  __atomic_store_n(&i32, 1, __ATOMIC_RELEASE);
}

// Values narrower than 32 bits are zero-extended, as C passes uint8_t.
// CHECK-LABEL: define {{.*}}@_Z12acquire_loadv(
// CHECK-NOT: __gorace_read
// CHECK-NOT: load atomic
// CHECK: call zeroext i8 @__gorace_atomic1_load(ptr @u8, i32 2, ptr @__gorace_loc
// CHECK-NOT: load atomic
// CHECK-LABEL: ret
int acquire_load() {
  return __atomic_load_n(&u8, __ATOMIC_ACQUIRE);
}

// CHECK-LABEL: define {{.*}}@_Z14relaxed_accessv(
// CHECK-NOT: __gorace_read8
// CHECK: call i64 @__gorace_atomic8_load(ptr @u64, i32 0,
// CHECK: call void @__gorace_atomic8_store(ptr @u64, i64 {{.*}}, i32 0,
// CHECK-LABEL: ret void
void relaxed_access() {
  __atomic_store_n(&u64, __atomic_load_n(&u64, __ATOMIC_RELAXED) + 1, __ATOMIC_RELAXED);
}

// CHECK-LABEL: define {{.*}}@_Z11seq_cst_allv(
// CHECK: call i32 @__gorace_atomic4_load(ptr @i32, i32 5,
// CHECK: call void @__gorace_atomic4_store(ptr @i32, i32 {{.*}}, i32 5,
// CHECK-LABEL: ret void
void seq_cst_all() {
  __atomic_store_n(&i32, __atomic_load_n(&i32, __ATOMIC_SEQ_CST) + 1, __ATOMIC_SEQ_CST);
}

// Every integer read-modify-write, with each memory order.
// CHECK-LABEL: define {{.*}}@_Z17read_modify_writev(
// CHECK-NOT: atomicrmw
// CHECK: call i32 @__gorace_atomic4_exchange(ptr @i32, i32 {{.*}}, i32 0,
// CHECK: call i32 @__gorace_atomic4_fetch_add(ptr @i32, i32 {{.*}}, i32 2,
// CHECK: call i32 @__gorace_atomic4_fetch_sub(ptr @i32, i32 {{.*}}, i32 3,
// CHECK: call i32 @__gorace_atomic4_fetch_and(ptr @i32, i32 {{.*}}, i32 4,
// CHECK: call i32 @__gorace_atomic4_fetch_or(ptr @i32, i32 {{.*}}, i32 5,
// CHECK: call i32 @__gorace_atomic4_fetch_xor(ptr @i32, i32 {{.*}}, i32 5,
// CHECK: call i32 @__gorace_atomic4_fetch_nand(ptr @i32, i32 {{.*}}, i32 5,
// CHECK: call i32 @__gorace_atomic4_fetch_max(ptr @i32, i32 {{.*}}, i32 5,
// CHECK: call i32 @__gorace_atomic4_fetch_min(ptr @i32, i32 {{.*}}, i32 5,
// CHECK: call i64 @__gorace_atomic8_fetch_umax(ptr @u64, i64 {{.*}}, i32 5,
// CHECK: call i64 @__gorace_atomic8_fetch_umin(ptr @u64, i64 {{.*}}, i32 5,
// CHECK: call zeroext i16 @__gorace_atomic2_fetch_add(ptr @i16, i16 zeroext {{.*}}, i32 0,
// CHECK-NOT: atomicrmw
// CHECK-LABEL: ret
int read_modify_write() {
  int r = __atomic_exchange_n(&i32, 3, __ATOMIC_RELAXED);
  r += __atomic_fetch_add(&i32, 1, __ATOMIC_ACQUIRE);
  r += __atomic_fetch_sub(&i32, 1, __ATOMIC_RELEASE);
  r += __atomic_fetch_and(&i32, 1, __ATOMIC_ACQ_REL);
  r += __atomic_fetch_or(&i32, 1, __ATOMIC_SEQ_CST);
  r += __atomic_fetch_xor(&i32, 1, __ATOMIC_SEQ_CST);
  r += __atomic_fetch_nand(&i32, 1, __ATOMIC_SEQ_CST);
  r += __atomic_fetch_max(&i32, 1, __ATOMIC_SEQ_CST);
  r += __atomic_fetch_min(&i32, 1, __ATOMIC_SEQ_CST);
  r += static_cast<int>(__atomic_fetch_max(&u64, 1, __ATOMIC_SEQ_CST));
  r += static_cast<int>(__atomic_fetch_min(&u64, 1, __ATOMIC_SEQ_CST));
  r += __atomic_fetch_add(&i16, 1, __ATOMIC_RELAXED);
  return r;
}

// A compare-exchange passes both orders and rebuilds LLVM's { value, success }
// pair: it succeeded iff the value read equals the expected one.
// CHECK-LABEL: define {{.*}}@_Z3casv(
// CHECK-NOT: cmpxchg
// CHECK: [[SEEN:%.*]] = call i32 @__gorace_atomic4_compare_exchange(ptr @i32, i32
// [[EXPECTED:%?[a-z0-9.]+]], i32 {{.*}}, i32 4, i32 2, ptr @__gorace_loc CHECK: icmp eq i32
// [[SEEN]], [[EXPECTED]] CHECK-NOT: cmpxchg CHECK-LABEL: ret
bool cas() {
  int expected = 0;
  return __atomic_compare_exchange_n(&i32, &expected, 1, false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
}

// A weak compare-exchange is performed as a strong one.
// CHECK-LABEL: define {{.*}}@_Z8weak_casv(
// CHECK-NOT: cmpxchg
// CHECK: call i64 @__gorace_atomic8_compare_exchange(ptr @u64, i64 {{.*}}, i64 {{.*}}, i32 3, i32
// 0, CHECK-LABEL: ret
bool weak_cas() {
  uint64_t expected = 1;
  return __atomic_compare_exchange_n(&u64, &expected, 2, true, __ATOMIC_RELEASE, __ATOMIC_RELAXED);
}

// Floating-point values travel as integers of their size. (Clang emits
// pointer atomics on integers already.) At -O0 the operations stay in
// std::atomic_ref's functions.
// CHECK-LABEL: define {{.*}}@_Z14floating_pointv(
// CHECK-OPT: [[D:%.*]] = call i64 @__gorace_atomic8_load(ptr @f64, i32 2,
// CHECK-OPT: bitcast i64 [[D]] to double
// CHECK-OPT: [[F:%.*]] = call i32 @__gorace_atomic4_exchange(ptr @f32, i32 {{.*}}, i32 5,
// CHECK-OPT: bitcast i32 [[F]] to float
// CHECK-LABEL: ret
float floating_point() {
  std::atomic_ref<double> d(f64);
  std::atomic_ref<float> f(f32);
  return static_cast<float>(d.load(std::memory_order_acquire)) + f.exchange(2.0f);
}

// 16 bytes: the instruction stays, between the hooks.
// CHECK-LABEL: define {{.*}}@_Z12wide_atomicsv(
// CHECK: call void @__gorace_atomic_release(ptr @u128, i32 16,
// CHECK-NEXT: store atomic i128 {{.*}}, ptr @u128 release
// CHECK: load atomic i128, ptr @u128 acquire
// CHECK-NEXT: call void @__gorace_atomic_acquire(ptr @u128, i32 16,
// CHECK-LABEL: ret
#pragma clang diagnostic ignored "-Watomic-alignment"  // not lock-free without -mcx16: wanted
unsigned __int128 wide_atomics() {
  __atomic_store_n(&u128, 1, __ATOMIC_RELEASE);
  return __atomic_load_n(&u128, __ATOMIC_ACQUIRE);
}

// Floating-point arithmetic read-modify-writes keep the hooks too: a
// seq_cst one is a release (with its write) before and an acquire after.
// CHECK-LABEL: define {{.*}}@_Z11float_fetchv(
// CHECK: call void @__gorace_atomic_release(ptr @f32, i32 4,
// CHECK-NEXT: atomicrmw fadd ptr @f32, float {{.*}} seq_cst
// CHECK-NEXT: call void @__gorace_atomic_sync_acquire(ptr @f32)
// CHECK: call void @__gorace_atomic_access(ptr @f64, i32 8, i32 1,
// CHECK-NEXT: atomicrmw fsub ptr @f64, double {{.*}} monotonic
// CHECK-LABEL: ret
float float_fetch() {
  float r = __atomic_fetch_add(&f32, 1.0f, __ATOMIC_SEQ_CST);
  return r + static_cast<float>(__atomic_fetch_sub(&f64, 1.0, __ATOMIC_RELAXED));
}

// std::atomic: libstdc++'s members are always_inline, so the same calls
// appear in the caller (at -O0 behind a switch over the memory order).
// CHECK-LABEL: define {{.*}}@_Z10std_atomicv(
// CHECK-NOT: __gorace_write4
// CHECK-NOT: __gorace_read4
// CHECK: call void @__gorace_atomic4_store(ptr {{.*}}, i32 {{.*}}, i32 3,
// CHECK-NOT: __gorace_read4
// CHECK: call i32 @__gorace_atomic4_load(ptr {{.*}}, i32 2,
// CHECK-LABEL: ret
int std_atomic() {
  a32.store(1, std::memory_order_release);
  return a32.load(std::memory_order_acquire);
}
