// The atomic operations instrumented code hands to the runtime
// (__gorace_atomicN_*, gor/race_abi.h): each instruction runs with its
// requested memory order and, when it synchronises, under the lock of its
// address's sync clock together with the acquire/release clock work
// (Engine::atomic_op), so the happens-before edges follow the order in which
// the instructions took effect. With detection off (or inside the race
// runtime) only the instruction runs.
#include <cstdint>
#include <type_traits>

#include "entry_point.hpp"
#include "gor/race_abi.h"
#include "state.hpp"

namespace {

using gor::detail::race::current_state;
using gor::detail::race::entry_sched_point;
using gor::detail::race::g_engine;
using gor::detail::race::ReentryGuard;
using gorace::analyzer::Engine;
namespace analyzer = gorace::analyzer;

constexpr uint8_t kAcquire = Engine::kSyncAcquire;
constexpr uint8_t kRelease = Engine::kSyncRelease;
constexpr uint8_t kReleaseStore = Engine::kSyncReleaseStore;

// The synchronisation of C ABI memory order `mo` (consume counts as acquire).
// What an operation does of it depends on the operation: a load only
// acquires, a store only releases, and replaces the clock (store_sync_of).
constexpr uint8_t sync_of(int32_t mo) {
  switch (mo) {
    case __ATOMIC_CONSUME:
    case __ATOMIC_ACQUIRE:
      return kAcquire;
    case __ATOMIC_RELEASE:
      return kRelease;
    case __ATOMIC_ACQ_REL:
    case __ATOMIC_SEQ_CST:
      return kAcquire | kRelease;
    default:
      return 0;
  }
}

// The synchronisation of a store of memory order `mo`: a releasing store
// heads a new release sequence, so its clock replaces the address's.
constexpr uint8_t store_sync_of(int32_t mo) {
  return (sync_of(mo) & kRelease) != 0 ? kReleaseStore : 0;
}

// What one executed instruction did: the synchronisation it performed and
// whether it wrote (a failed compare-exchange only reads).
struct Outcome {
  uint8_t sync;
  bool wrote;
};

// An instruction waiting for Engine::atomic_op to run it under the lock (a
// copy: only the locked path makes its captures escape).
template <class Instruction>
struct Pending {
  Instruction instruction;
  Outcome outcome{};
};

template <class Instruction>
uint8_t run_pending(void* pending) {
  auto* p = static_cast<Pending<Instruction>*>(pending);
  p->outcome = p->instruction();
  return p->outcome.sync;
}

// The engine when this operation must be seen by the race detector
// (detection on, not inside the race runtime), else null. First gives the
// deterministic scheduler its chance to switch goroutines.
inline Engine* detecting_engine() {
  entry_sched_point();
  Engine* e = g_engine.load(std::memory_order_relaxed);
  return e != nullptr && !ReentryGuard::active() ? e : nullptr;
}

// Performs one atomic operation of `size` bytes at `addr` with detection on:
// `instruction()` executes it and returns its Outcome; `possible` is every
// synchronisation it may perform. The operation's one atomic access is
// recorded before it when it may release (the released clock then covers
// the access, and no goroutine ordered after the release sees the access
// missing), else after it, as a write only if it wrote.
template <class Instruction>
[[gnu::always_inline]] inline void perform(Engine* e, void* addr, uint32_t size, uint8_t possible,
                                           const char* what, const __gorace_loc* loc,
                                           Instruction&& instruction) {
  ReentryGuard guard;
  analyzer::GState* s = current_state();
  const auto a = reinterpret_cast<uintptr_t>(addr);
  const bool may_release = (possible & (kRelease | kReleaseStore)) != 0;
  if (may_release) e->access(s, a, size, analyzer::kWrite | analyzer::kAtomic, loc);
  Outcome outcome;
  if (possible == 0) {
    outcome = instruction();  // relaxed: no clock work, no lock
  } else {
    using Plain = std::remove_reference_t<Instruction>;
    Pending<Plain> pending{instruction};
    e->atomic_op(s, a, &run_pending<Plain>, &pending, what);
    outcome = pending.outcome;
  }
  if (!may_release) {
    const uint8_t write = outcome.wrote ? analyzer::kWrite : 0;
    e->access(s, a, size, static_cast<uint8_t>(analyzer::kAtomic | write), loc);
  }
}

// Each operation: the entry point runs the bare instruction unless the
// detector must see it, then calls the out-of-line *_detected function.

template <class T>
[[gnu::noinline]] T load_detected(Engine* e, T* p, int32_t mo, const __gorace_loc* loc) {
  const uint8_t sync = sync_of(mo) & kAcquire;
  T result{};
  perform(e, p, sizeof(T), sync, "atomic load", loc, [&] {
    result = __atomic_load_n(p, mo);
    return Outcome{sync, false};
  });
  return result;
}
template <class T>
inline T load(const void* addr, int32_t mo, const __gorace_loc* loc) {
  auto* p = static_cast<T*>(const_cast<void*>(addr));
  if (Engine* e = detecting_engine()) [[likely]]
    return load_detected(e, p, mo, loc);
  return __atomic_load_n(p, mo);
}

template <class T>
[[gnu::noinline]] void store_detected(Engine* e, T* p, T value, int32_t mo,
                                      const __gorace_loc* loc) {
  const uint8_t sync = store_sync_of(mo);
  perform(e, p, sizeof(T), sync, "atomic store", loc, [&] {
    __atomic_store_n(p, value, mo);
    return Outcome{sync, true};
  });
}
template <class T>
inline void store(void* addr, T value, int32_t mo, const __gorace_loc* loc) {
  auto* p = static_cast<T*>(addr);
  if (Engine* e = detecting_engine()) [[likely]] {
    store_detected(e, p, value, mo, loc);
    return;
  }
  __atomic_store_n(p, value, mo);
}

// A read-modify-write: `apply(p, value, mo)` (a stateless lambda) is the
// instruction, returning the previous value.
template <class T, class Apply>
[[gnu::noinline]] T read_modify_write_detected(Engine* e, T* p, T value, int32_t mo,
                                               const __gorace_loc* loc, Apply apply) {
  const uint8_t sync = sync_of(mo);
  T result{};
  perform(e, p, sizeof(T), sync, "atomic read-modify-write", loc, [&] {
    result = apply(p, value, mo);
    return Outcome{sync, true};
  });
  return result;
}
template <class T, class Apply>
inline T read_modify_write(void* addr, T value, int32_t mo, const __gorace_loc* loc, Apply apply) {
  auto* p = static_cast<T*>(addr);
  if (Engine* e = detecting_engine()) [[likely]]
    return read_modify_write_detected(e, p, value, mo, loc, apply);
  return apply(p, value, mo);
}

template <class T>
[[gnu::noinline]] T compare_exchange_detected(Engine* e, T* p, T expected, T desired,
                                              int32_t success_mo, int32_t failure_mo,
                                              const __gorace_loc* loc) {
  const uint8_t on_success = sync_of(success_mo);
  const uint8_t on_failure = sync_of(failure_mo) & kAcquire;
  T seen = expected;
  perform(e, p, sizeof(T), on_success | on_failure, "atomic compare-exchange", loc, [&] {
    if (__atomic_compare_exchange_n(p, &seen, desired, /*weak=*/false, success_mo, failure_mo)) {
      return Outcome{on_success, true};
    }
    return Outcome{on_failure, false};
  });
  return seen;
}
template <class T>
inline T compare_exchange(void* addr, T expected, T desired, int32_t success_mo, int32_t failure_mo,
                          const __gorace_loc* loc) {
  auto* p = static_cast<T*>(addr);
  if (Engine* e = detecting_engine()) [[likely]] {
    return compare_exchange_detected(e, p, expected, desired, success_mo, failure_mo, loc);
  }
  T seen = expected;
  __atomic_compare_exchange_n(p, &seen, desired, /*weak=*/false, success_mo, failure_mo);
  return seen;
}

// The instructions of the read-modify-writes. Max and min compare signed.
template <class T>
T signed_max(T* p, T value, int32_t mo) {
  using S = std::make_signed_t<T>;
  return static_cast<T>(__atomic_fetch_max(reinterpret_cast<S*>(p), static_cast<S>(value), mo));
}
template <class T>
T signed_min(T* p, T value, int32_t mo) {
  using S = std::make_signed_t<T>;
  return static_cast<T>(__atomic_fetch_min(reinterpret_cast<S*>(p), static_cast<S>(value), mo));
}

}  // namespace

// One read-modify-write entry point: `expr` computes the previous value from
// p, value and mo.
#define GORACE_RMW(N, T, name, expr)                                                               \
  T __gorace_atomic##N##_##name(void* addr, T value, int32_t mo, const struct __gorace_loc* loc) { \
    return read_modify_write<T>(addr, value, mo, loc,                                              \
                                [](T* p, T v, int32_t order) -> T { return expr; });               \
  }

#define GORACE_DEFINE_ATOMICS(N, T)                                                              \
  T __gorace_atomic##N##_load(const void* addr, int32_t mo, const struct __gorace_loc* loc) {    \
    return load<T>(addr, mo, loc);                                                               \
  }                                                                                              \
  void __gorace_atomic##N##_store(void* addr, T value, int32_t mo,                               \
                                  const struct __gorace_loc* loc) {                              \
    store<T>(addr, value, mo, loc);                                                              \
  }                                                                                              \
  GORACE_RMW(N, T, exchange, __atomic_exchange_n(p, v, order))                                   \
  GORACE_RMW(N, T, fetch_add, __atomic_fetch_add(p, v, order))                                   \
  GORACE_RMW(N, T, fetch_sub, __atomic_fetch_sub(p, v, order))                                   \
  GORACE_RMW(N, T, fetch_and, __atomic_fetch_and(p, v, order))                                   \
  GORACE_RMW(N, T, fetch_or, __atomic_fetch_or(p, v, order))                                     \
  GORACE_RMW(N, T, fetch_xor, __atomic_fetch_xor(p, v, order))                                   \
  GORACE_RMW(N, T, fetch_nand, __atomic_fetch_nand(p, v, order))                                 \
  GORACE_RMW(N, T, fetch_max, signed_max(p, v, order))                                           \
  GORACE_RMW(N, T, fetch_min, signed_min(p, v, order))                                           \
  GORACE_RMW(N, T, fetch_umax, __atomic_fetch_max(p, v, order))                                  \
  GORACE_RMW(N, T, fetch_umin, __atomic_fetch_min(p, v, order))                                  \
  T __gorace_atomic##N##_compare_exchange(void* addr, T expected, T desired, int32_t success_mo, \
                                          int32_t failure_mo, const struct __gorace_loc* loc) {  \
    return compare_exchange<T>(addr, expected, desired, success_mo, failure_mo, loc);            \
  }

extern "C" {

GORACE_DEFINE_ATOMICS(1, uint8_t)
GORACE_DEFINE_ATOMICS(2, uint16_t)
GORACE_DEFINE_ATOMICS(4, uint32_t)
GORACE_DEFINE_ATOMICS(8, uint64_t)

}  // extern "C"

#undef GORACE_DEFINE_ATOMICS
#undef GORACE_RMW
