// The goroutine descriptor G and its stack.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>

#include "gor/detail/sched.hpp"

namespace gor::detail {

struct Sched;

/// How a stack's overflow is caught.
enum class StackGuard : uint8_t {
  kGuardRegion,  // madvise(MADV_GUARD_INSTALL) pages below the stack
  kProtected,    // mprotect(PROT_NONE) pages below the stack
  kCanary,       // a canary word at the bottom, checked on every switch
};

/// A goroutine stack: usable memory [lo, lo + size), the guard below lo.
struct Stack {
  char* lo = nullptr;
  size_t size = 0;
  StackGuard guard = StackGuard::kCanary;
  /// The slot's owner record (sched/stack_owner.hpp); set when carved.
  std::atomic<uint64_t>* owner = nullptr;
};

/// Goroutine states. Transitions: kRunnable -> kRunning (a worker picks it),
/// kRunning -> kParked (park; set by the next context once the switch
/// completed), kRunning -> kRunnable (yield, preemption), kParked ->
/// kRunnable (ready), kRunning -> kDead (exit), kDead -> kRunnable (new_g
/// reuses the descriptor). A plain thread's stand-in G (`foreign`) parks
/// on a futex, never on a run queue: ready() makes it kRunnable and wakes
/// the thread, which sets it kRunning.
enum class GStatus : uint32_t { kRunnable, kRunning, kParked, kDead };

/// The C++ runtime's per-thread exception state (__cxa_eh_globals, same
/// layout in libstdc++ and libc++abi). It belongs to the goroutine: one that
/// parks inside a catch block may resume on another thread.
struct EhState {
  void* caught = nullptr;     // caughtExceptions
  unsigned int uncaught = 0;  // uncaughtExceptions
};

struct G {
  void* sp = nullptr;  // saved stack pointer while not running; null before the first run
  Stack stack;         // assigned on the first run (lazily: queued goroutines cost no stack)
  uint64_t id = 0;
  std::atomic<GStatus> status{GStatus::kRunnable};
  WaitReason wait_reason = WaitReason::kOther;
  G* link = nullptr;  // intrusive link: global run queue, free lists
  GoTask* task = nullptr;
  bool task_on_heap = false;
  bool foreign = false;  // stands for a thread that is not a goroutine (current_g_or_foreign)
  Sched* sched = nullptr;
  void* race = nullptr;   // race_slot()
  EhState eh;             // exception state while not running
  uint32_t os_locks = 0;  // C library locks it holds (note_os_lock): not preempted meanwhile
  /// Bytes of a closure stored without allocation (see g_task_storage).
  static constexpr size_t kTaskBuf = 96;
  /// This descriptor's closure buffer (16-byte aligned, kTaskBuf bytes).
  unsigned char* const task_buf = task_buf_of(this);

  /// Descriptors come from a slab of their own (g_alloc.cpp), never from
  /// the program's heap, with every descriptor's closure buffer in a dense
  /// region of its own: under race detection a closure is user data, and
  /// packed closures keep its shadow to a few bytes per goroutine instead of
  /// a shadow page per descriptor among other allocations.
  static void* operator new(size_t size);
  static void operator delete(void* p) noexcept;
  /// The closure buffer of the descriptor at `g` (an address operator new
  /// returned).
  static unsigned char* task_buf_of(const G* g) noexcept;
};

/// The canary word's value, written at the bottom of canary-guarded stacks.
inline constexpr uint64_t kStackCanary = 0x9e3779b97f4a7c15ull;

}  // namespace gor::detail
