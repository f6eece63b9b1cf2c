// Atomic operations are synchronisation plus atomic accesses, never plain
// accesses: release before the operation, acquire after it, relaxed ones as
// __gorace_atomic_access.
#include <atomic>
#include <cstdint>

int i32;
uint8_t u8;
uint64_t u64;
std::atomic<int> a32;

// CHECK-LABEL: define {{.*}}@_Z13release_storev(
// CHECK-NOT: __gorace_write
// CHECK: call void @__gorace_atomic_release(ptr @i32, i32 4,
// CHECK-NEXT: store atomic i32 {{.*}}, ptr @i32 release
// CHECK-LABEL: ret void
void release_store() { __atomic_store_n(&i32, 1, __ATOMIC_RELEASE); }

// CHECK-LABEL: define {{.*}}@_Z12acquire_loadv(
// CHECK-NOT: __gorace_read
// CHECK: load atomic i8, ptr @u8 acquire
// CHECK-NEXT: call void @__gorace_atomic_acquire(ptr @u8, i32 1,
// CHECK-LABEL: ret
int acquire_load() { return __atomic_load_n(&u8, __ATOMIC_ACQUIRE); }

// CHECK-LABEL: define {{.*}}@_Z14relaxed_accessv(
// CHECK-NOT: __gorace_read8
// CHECK: call void @__gorace_atomic_access(ptr @u64, i32 8, i32 0,
// CHECK-NEXT: load atomic i64, ptr @u64 monotonic
// CHECK: call void @__gorace_atomic_access(ptr @u64, i32 8, i32 1,
// CHECK-NEXT: store atomic i64 {{.*}}, ptr @u64 monotonic
// CHECK-LABEL: ret void
void relaxed_access() {
  __atomic_store_n(&u64, __atomic_load_n(&u64, __ATOMIC_RELAXED) + 1, __ATOMIC_RELAXED);
}

// A seq_cst read-modify-write both releases and acquires; its one access
// (a write) is recorded by the release, before the operation.
// CHECK-LABEL: define {{.*}}@_Z9fetch_addv(
// CHECK: call void @__gorace_atomic_release(ptr @i32, i32 4,
// CHECK-NEXT: atomicrmw add ptr @i32, i32 {{.*}} seq_cst
// CHECK-NEXT: call void @__gorace_atomic_sync_acquire(ptr @i32)
// CHECK-LABEL: ret
int fetch_add() { return __atomic_fetch_add(&i32, 1, __ATOMIC_SEQ_CST); }

// CHECK-LABEL: define {{.*}}@_Z3casv(
// CHECK: call void @__gorace_atomic_release(ptr @i32, i32 4,
// CHECK-NEXT: cmpxchg ptr @i32, i32 {{.*}} acq_rel acquire
// CHECK-NEXT: call void @__gorace_atomic_sync_acquire(ptr @i32)
// CHECK-LABEL: ret
bool cas() {
  int expected = 0;
  return __atomic_compare_exchange_n(&i32, &expected, 1, false, __ATOMIC_ACQ_REL,
                                     __ATOMIC_ACQUIRE);
}

// A relaxed read-modify-write is an atomic write without synchronisation.
// CHECK-LABEL: define {{.*}}@_Z11relaxed_rmwv(
// CHECK: call void @__gorace_atomic_access(ptr @i32, i32 4, i32 1,
// CHECK-NEXT: atomicrmw xchg ptr @i32, i32 {{.*}} monotonic
// CHECK-LABEL: ret
int relaxed_rmw() { return __atomic_exchange_n(&i32, 3, __ATOMIC_RELAXED); }

// An acquire-only read-modify-write: its write recorded before, acquire after.
// CHECK-LABEL: define {{.*}}@_Z11acquire_rmwv(
// CHECK: call void @__gorace_atomic_access(ptr @i32, i32 4, i32 1,
// CHECK-NEXT: atomicrmw add ptr @i32, i32 {{.*}} acquire
// CHECK-NEXT: call void @__gorace_atomic_sync_acquire(ptr @i32)
// CHECK-LABEL: ret
int acquire_rmw() { return __atomic_fetch_add(&i32, 1, __ATOMIC_ACQUIRE); }

// std::atomic: libstdc++'s members are always_inline, so the same calls
// appear in the caller (at -O0 behind a switch over the memory order).
// CHECK-LABEL: define {{.*}}@_Z10std_atomicv(
// CHECK-NOT: __gorace_write4
// CHECK-NOT: __gorace_read4
// CHECK: call void @__gorace_atomic_release(ptr {{.*}}, i32 4,
// CHECK-NEXT: store atomic i32 {{.*}} release
// CHECK-NOT: __gorace_read4
// CHECK: load atomic i32, ptr {{.*}} acquire
// CHECK-NEXT: call void @__gorace_atomic_acquire(ptr {{.*}}, i32 4,
// CHECK-LABEL: ret
int std_atomic() {
  a32.store(1, std::memory_order_release);
  return a32.load(std::memory_order_acquire);
}
