// The helper threads behind gor::blocking (see gor/blocking.hpp): a pool
// that starts a thread whenever a call finds no idle one, and lets threads
// idle for kIdleExit exit again. Race detection: f runs as the calling
// goroutine, which is parked meanwhile: the analyzer gives the helper the
// caller's own state (blocking_owner()), so f is ordered exactly as the
// goroutine's own code, with no edge through the helper thread (a helper's
// own clock, carried from one call to the next, ordered unrelated callers).
// What f leaves on the helper's stack is forgotten after each call, as a
// recycled goroutine stack is: the next call is another goroutine's.
#include "gor/blocking.hpp"

#include "detail/thread_stack.hpp"
#include "gor/detail/race_hooks.hpp"
#include "sched/runtime_thread.hpp"
#include "sched/thread_census.hpp"

#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <system_error>

namespace gor::detail {
namespace {

constexpr auto kIdleExit = std::chrono::seconds(30);

// One pending call; lives on the parked caller's stack.
struct Task {
  void (*job)(void*);
  void* arg;
  G* caller;
};

class HelperPool {
 public:
  // Queues `task`, starting a helper unless an idle one will take it.
  void submit(Task* task) {
    bool spawn;
    {
      race::ReentryGuard runtime_work;  // the pool's lock orders no program code
      std::lock_guard<std::mutex> guard(mutex_);
      queue_.push_back(task);
      // Each idle helper takes one queued task.
      spawn = idle_ < queue_.size();
    }
    if (spawn) {
      try {
        start_runtime_thread([this] { serve(); });
      } catch (const std::system_error&) {
        fatal("gor::blocking: cannot start a helper thread");
      }
    } else {
      wake_.notify_one();
    }
  }

 private:
  void serve() {
    CensusScope accounted;
    const uintptr_t low = stack_low();
    while (Task* task = next_task()) run(task, low);
  }

  // The next queued task, waiting up to kIdleExit for one; null when none
  // came (the helper then exits).
  Task* next_task() {
    race::ReentryGuard runtime_work;  // the pool's lock orders no program code
    std::unique_lock<std::mutex> lock(mutex_);
    while (queue_.empty()) {
      ++idle_;
      const bool timed_out = wake_.wait_for(lock, kIdleExit) == std::cv_status::timeout;
      --idle_;
      if (timed_out && queue_.empty()) return nullptr;
    }
    Task* task = queue_.front();
    queue_.pop_front();
    return task;
  }

  // Runs `task` on this helper, whose stack starts at `low` (0: unknown).
  static void run(Task* task, uintptr_t low);
  // The lowest address of the calling thread's stack, or 0 if unknown.
  static uintptr_t stack_low();

  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Task*> queue_;  // submitted, not yet taken by a helper
  size_t idle_ = 0;          // helpers waiting on wake_
};

thread_local G* t_owner = nullptr;

uintptr_t HelperPool::stack_low() {
  race::ReentryGuard runtime_work;  // glibc allocates to find the stack
  uintptr_t low = 0;
  size_t size = 0;
  return current_thread_stack(low, size) ? low : 0;
}

void HelperPool::run(Task* task, uintptr_t low) {
  G* caller = task->caller;
  t_owner = caller;
  task->job(task->arg);
  t_owner = nullptr;
  // The frames f used lie below this one.
  if (race::enabled()) {
    const auto here = reinterpret_cast<uintptr_t>(__builtin_frame_address(0));
    if (low != 0 && low < here) race::range_reset(reinterpret_cast<void*>(low), here - low);
  }
  ready(caller);  // the task (on the caller's stack) may be gone from here on
}

// Leaked on purpose: detached helpers may still use it during exit.
HelperPool& pool() {
  static HelperPool* p = new HelperPool;
  return *p;
}

void submit_parked(void* task) {
  pool().submit(static_cast<Task*>(task));
}

}  // namespace

void run_blocking(void (*job)(void*), void* arg) {
  G* self = current_g();
  if (self == nullptr) {
    job(arg);
    return;
  }
  Task task{job, arg, self};
  external_wakeup_begin();
  // Submitted from park's callback: the helper can only ready() us once we
  // are fully parked.
  park(submit_parked, &task, WaitReason::kBlockingCall);
  external_wakeup_end();
}

G* blocking_owner() noexcept {
  return t_owner;
}

}  // namespace gor::detail
