// The C library's synchronisation (pthread mutexes, rwlocks, condition
// variables, once, spinlocks, barriers and semaphores, under std::mutex,
// std::shared_mutex, std::condition_variable and std::call_once) gives the
// happens-before edges ThreadSanitizer gives it:
//   - a mutex's or spinlock's unlock happens before the next lock that
//     succeeds (lock, trylock, timedlock, clocklock);
//   - an rwlock's write unlock happens before every later lock; a read
//     unlock before the next write lock; readers are not ordered with each
//     other (the edges of gor::RWMutex, on the same two clocks);
//   - a condition variable's wait unlocks and relocks its mutex (signal and
//     broadcast order nothing by themselves: the waiter's predicate is read
//     under the mutex);
//   - a pthread_once routine's end happens before every pthread_once of the
//     same control returns;
//   - every arrival at a barrier happens before its departures; every
//     sem_post before the sem_wait that takes its count.
// Destroying a lock, barrier or semaphore forgets its clock (the next object
// at that address starts with none). The functions are replaced here and
// forward to the C library's (real_function.hpp); while detection is off,
// or inside the race runtime (whose own locks are not the program's), they
// only forward.
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <time.h>
#include <unistd.h>

#include <utility>

#include "gor/detail/sched.hpp"
#include "real_function.hpp"
#include "state.hpp"

namespace gor::detail::race {
namespace {

// The version of the condition-variable functions programs link against
// where the C library keeps two (x86-64 glibc: the pre-2.3.2 ones are
// another implementation, which dlsym may return).
#if defined(__x86_64__) && defined(__GLIBC__)
constexpr const char* kCondVersion = "GLIBC_2.3.2";
#else
constexpr const char* kCondVersion = nullptr;
#endif

uintptr_t object(const volatile void* p) {
  return reinterpret_cast<uintptr_t>(p);
}

/// The current goroutine (or thread) acquires `obj`'s clock.
void acquire_clock(uintptr_t obj, const char* what) {
  if (!tracking()) return;
  ReentryGuard guard;
  g_engine.load(std::memory_order_acquire)->acquire(current_state(), obj, what);
}

/// The current goroutine (or thread) stores its clock in `obj`'s.
void release_clock(uintptr_t obj, const char* what) {
  if (!tracking()) return;
  ReentryGuard guard;
  g_engine.load(std::memory_order_acquire)->release(current_state(), obj, what);
}

/// The current goroutine (or thread) merges its clock into `obj`'s.
void merge_clock(uintptr_t obj, const char* what) {
  if (!tracking()) return;
  ReentryGuard guard;
  g_engine.load(std::memory_order_acquire)->release_merge(current_state(), obj, what);
}

/// Forgets `obj`'s clock (the object is destroyed or initialised anew).
void forget_clock(uintptr_t obj) {
  if (!tracking()) return;
  ReentryGuard guard;
  g_engine.load(std::memory_order_acquire)->sync_reset(obj);
}

/// Whether a lock or wait call's result means the caller now holds the
/// lock or took the count (a robust mutex whose owner died is held too).
bool locked(int rc) {
  return rc == 0 || rc == EOWNERDEAD;
}

/// Calls the C library's lock or wait function `real` with `args`; when it
/// succeeded, acquires `clock` (and `also`, unless 0).
template <class Fn, class... Args>
int acquire_after(Fn real, const char* what, uintptr_t clock, uintptr_t also, Args... args) {
  const int rc = real(args...);
  if (locked(rc)) {
    acquire_clock(clock, what);
    if (also != 0) acquire_clock(also, what);
  }
  return rc;
}

/// acquire_after() for a lock (a mutex, rwlock or spinlock), which the
/// calling goroutine then holds: it is not preempted until the unlock
/// (note_os_lock).
template <class Fn, class... Args>
int lock_after(Fn real, const char* what, uintptr_t clock, uintptr_t also, Args... args) {
  const int rc = acquire_after(real, what, clock, also, args...);
  if (locked(rc) && tracking()) note_os_lock(true);
  return rc;
}

/// Counts an unlock that succeeded (see lock_after).
int unlocked(int rc) {
  if (rc == 0 && tracking()) note_os_lock(false);
  return rc;
}

// An rwlock's two clocks, as gor::RWMutex's: write unlocks store into the
// one every lock acquires; read unlocks merge into the one write locks also
// acquire.
uintptr_t rwlock_all_clock(const pthread_rwlock_t* rw) {
  return object(rw) + 1;
}
uintptr_t rwlock_writers_clock(const pthread_rwlock_t* rw) {
  return object(rw);
}

/// This thread's kernel id, as the C library records an rwlock's writer.
pid_t thread_tid() {
  thread_local pid_t tid = gettid();
  return tid;
}

/// Whether this thread holds `rw` for writing (the C library records the
/// writer's thread id in the lock).
bool holds_for_writing(const pthread_rwlock_t* rw) {
#if defined(__GLIBC__)
  return rw->__data.__cur_writer == thread_tid();
#else
#error "gorace: rwlock writers are recognised with glibc only"
#endif
}

/// A pthread_once call in progress on this thread: the routine it runs.
struct OnceCall {
  pthread_once_t* control;
  void (*routine)();
};
thread_local OnceCall* t_once_call = nullptr;

/// Runs the routine of this thread's pthread_once call, then releases its
/// control's clock: every pthread_once of it returns after that.
void run_once_routine() {
  const OnceCall call = *t_once_call;
  {
    // Other callers wait for the routine in the C library, as for a lock
    // (it may throw: std::call_once).
    struct Held {
      bool counted = tracking();
      Held() {
        if (counted) note_os_lock(true);
      }
      ~Held() {
        if (counted) note_os_lock(false);
      }
    } held;
    call.routine();
  }
  release_clock(object(call.control), "pthread_once");
}

}  // namespace
}  // namespace gor::detail::race

using namespace gor::detail::race;

// Each replacement resolves the C library's function once (a function-local
// static) and forwards to it.
#define GORACE_REAL(name, ...) \
  static const auto real = real_function_as<decltype(&::name)>(#name __VA_OPT__(, ) __VA_ARGS__)

extern "C" {

// --- mutexes ---------------------------------------------------------------

int pthread_mutex_lock(pthread_mutex_t* m) {
  GORACE_REAL(pthread_mutex_lock);
  return lock_after(real, "pthread_mutex_lock", object(m), 0, m);
}

int pthread_mutex_trylock(pthread_mutex_t* m) {
  GORACE_REAL(pthread_mutex_trylock);
  return lock_after(real, "pthread_mutex_trylock", object(m), 0, m);
}

int pthread_mutex_timedlock(pthread_mutex_t* m, const struct timespec* deadline) {
  GORACE_REAL(pthread_mutex_timedlock);
  return lock_after(real, "pthread_mutex_timedlock", object(m), 0, m, deadline);
}

int pthread_mutex_clocklock(pthread_mutex_t* m, clockid_t clock, const struct timespec* deadline) {
  GORACE_REAL(pthread_mutex_clocklock);
  return lock_after(real, "pthread_mutex_clocklock", object(m), 0, m, clock, deadline);
}

int pthread_mutex_unlock(pthread_mutex_t* m) {
  GORACE_REAL(pthread_mutex_unlock);
  release_clock(object(m), "pthread_mutex_unlock");  // before another thread can lock
  return unlocked(real(m));
}

int pthread_mutex_init(pthread_mutex_t* m, const pthread_mutexattr_t* attr) {
  GORACE_REAL(pthread_mutex_init);
  forget_clock(object(m));
  return real(m, attr);
}

int pthread_mutex_destroy(pthread_mutex_t* m) {
  GORACE_REAL(pthread_mutex_destroy);
  forget_clock(object(m));
  return real(m);
}

// --- rwlocks ---------------------------------------------------------------

int pthread_rwlock_rdlock(pthread_rwlock_t* rw) {
  GORACE_REAL(pthread_rwlock_rdlock);
  return lock_after(real, "pthread_rwlock_rdlock", rwlock_all_clock(rw), 0, rw);
}

int pthread_rwlock_tryrdlock(pthread_rwlock_t* rw) {
  GORACE_REAL(pthread_rwlock_tryrdlock);
  return lock_after(real, "pthread_rwlock_tryrdlock", rwlock_all_clock(rw), 0, rw);
}

int pthread_rwlock_timedrdlock(pthread_rwlock_t* rw, const struct timespec* deadline) {
  GORACE_REAL(pthread_rwlock_timedrdlock);
  return lock_after(real, "pthread_rwlock_timedrdlock", rwlock_all_clock(rw), 0, rw, deadline);
}

int pthread_rwlock_clockrdlock(pthread_rwlock_t* rw, clockid_t clock,
                               const struct timespec* deadline) {
  GORACE_REAL(pthread_rwlock_clockrdlock);
  return lock_after(real, "pthread_rwlock_clockrdlock", rwlock_all_clock(rw), 0, rw, clock,
                    deadline);
}

// A write lock follows every earlier unlock: it acquires both clocks.
int pthread_rwlock_wrlock(pthread_rwlock_t* rw) {
  GORACE_REAL(pthread_rwlock_wrlock);
  return lock_after(real, "pthread_rwlock_wrlock", rwlock_all_clock(rw), rwlock_writers_clock(rw),
                    rw);
}

int pthread_rwlock_trywrlock(pthread_rwlock_t* rw) {
  GORACE_REAL(pthread_rwlock_trywrlock);
  return lock_after(real, "pthread_rwlock_trywrlock", rwlock_all_clock(rw),
                    rwlock_writers_clock(rw), rw);
}

int pthread_rwlock_timedwrlock(pthread_rwlock_t* rw, const struct timespec* deadline) {
  GORACE_REAL(pthread_rwlock_timedwrlock);
  return lock_after(real, "pthread_rwlock_timedwrlock", rwlock_all_clock(rw),
                    rwlock_writers_clock(rw), rw, deadline);
}

int pthread_rwlock_clockwrlock(pthread_rwlock_t* rw, clockid_t clock,
                               const struct timespec* deadline) {
  GORACE_REAL(pthread_rwlock_clockwrlock);
  return lock_after(real, "pthread_rwlock_clockwrlock", rwlock_all_clock(rw),
                    rwlock_writers_clock(rw), rw, clock, deadline);
}

int pthread_rwlock_unlock(pthread_rwlock_t* rw) {
  GORACE_REAL(pthread_rwlock_unlock);
  if (holds_for_writing(rw)) {
    release_clock(rwlock_all_clock(rw), "pthread_rwlock_unlock");
  } else {
    merge_clock(rwlock_writers_clock(rw), "pthread_rwlock_unlock");
  }
  return unlocked(real(rw));
}

int pthread_rwlock_init(pthread_rwlock_t* rw, const pthread_rwlockattr_t* attr) {
  GORACE_REAL(pthread_rwlock_init);
  forget_clock(rwlock_all_clock(rw));
  forget_clock(rwlock_writers_clock(rw));
  return real(rw, attr);
}

int pthread_rwlock_destroy(pthread_rwlock_t* rw) {
  GORACE_REAL(pthread_rwlock_destroy);
  forget_clock(rwlock_all_clock(rw));
  forget_clock(rwlock_writers_clock(rw));
  return real(rw);
}

// --- condition variables ---------------------------------------------------

int pthread_cond_wait(pthread_cond_t* c, pthread_mutex_t* m) {
  GORACE_REAL(pthread_cond_wait, kCondVersion);
  release_clock(object(m), "pthread_cond_wait");  // the wait unlocks m ...
  const int rc = real(c, m);
  acquire_clock(object(m), "pthread_cond_wait");  // ... and locks it again
  return rc;
}

int pthread_cond_timedwait(pthread_cond_t* c, pthread_mutex_t* m, const struct timespec* deadline) {
  GORACE_REAL(pthread_cond_timedwait, kCondVersion);
  release_clock(object(m), "pthread_cond_timedwait");
  const int rc = real(c, m, deadline);
  acquire_clock(object(m), "pthread_cond_timedwait");  // m is locked on timeout too
  return rc;
}

int pthread_cond_clockwait(pthread_cond_t* c, pthread_mutex_t* m, clockid_t clock,
                           const struct timespec* deadline) {
  GORACE_REAL(pthread_cond_clockwait);
  release_clock(object(m), "pthread_cond_clockwait");
  const int rc = real(c, m, clock, deadline);
  acquire_clock(object(m), "pthread_cond_clockwait");
  return rc;
}

// --- once ------------------------------------------------------------------

int pthread_once(pthread_once_t* control, void (*routine)()) {
  GORACE_REAL(pthread_once);
  if (!tracking()) return real(control, routine);
  // The routine runs (if at all) inside this call, on this thread: pass it
  // through run_once_routine, which releases the control's clock after it.
  OnceCall call{control, routine};
  struct Restore {
    OnceCall* outer;  // a pthread_once whose routine called this one
    ~Restore() { t_once_call = outer; }
  } restore{std::exchange(t_once_call, &call)};
  return acquire_after(real, "pthread_once", object(control), 0, control, run_once_routine);
}

// --- spinlocks -------------------------------------------------------------

int pthread_spin_lock(pthread_spinlock_t* s) {
  GORACE_REAL(pthread_spin_lock);
  return lock_after(real, "pthread_spin_lock", object(s), 0, s);
}

int pthread_spin_trylock(pthread_spinlock_t* s) {
  GORACE_REAL(pthread_spin_trylock);
  return lock_after(real, "pthread_spin_trylock", object(s), 0, s);
}

int pthread_spin_unlock(pthread_spinlock_t* s) {
  GORACE_REAL(pthread_spin_unlock);
  release_clock(object(s), "pthread_spin_unlock");
  return unlocked(real(s));
}

int pthread_spin_destroy(pthread_spinlock_t* s) {
  GORACE_REAL(pthread_spin_destroy);
  forget_clock(object(s));
  return real(s);
}

// --- barriers --------------------------------------------------------------

int pthread_barrier_wait(pthread_barrier_t* b) {
  GORACE_REAL(pthread_barrier_wait);
  merge_clock(object(b), "pthread_barrier_wait");  // every arrival ...
  const int rc = real(b);
  acquire_clock(object(b), "pthread_barrier_wait");  // ... before every departure
  return rc;
}

int pthread_barrier_destroy(pthread_barrier_t* b) {
  GORACE_REAL(pthread_barrier_destroy);
  forget_clock(object(b));
  return real(b);
}

// --- semaphores ------------------------------------------------------------

int sem_post(sem_t* s) {
  GORACE_REAL(sem_post);
  merge_clock(object(s), "sem_post");  // posts accumulate, as the count does
  return real(s);
}

int sem_wait(sem_t* s) {
  GORACE_REAL(sem_wait);
  return acquire_after(real, "sem_wait", object(s), 0, s);
}

int sem_trywait(sem_t* s) {
  GORACE_REAL(sem_trywait);
  return acquire_after(real, "sem_trywait", object(s), 0, s);
}

int sem_timedwait(sem_t* s, const struct timespec* deadline) {
  GORACE_REAL(sem_timedwait);
  return acquire_after(real, "sem_timedwait", object(s), 0, s, deadline);
}

int sem_clockwait(sem_t* s, clockid_t clock, const struct timespec* deadline) {
  GORACE_REAL(sem_clockwait);
  return acquire_after(real, "sem_clockwait", object(s), 0, s, clock, deadline);
}

int sem_init(sem_t* s, int shared, unsigned value) {
  GORACE_REAL(sem_init);
  forget_clock(object(s));
  return real(s, shared, value);
}

int sem_destroy(sem_t* s) {
  GORACE_REAL(sem_destroy);
  forget_clock(object(s));
  return real(s);
}

}  // extern "C"

namespace gor::detail::race {

void link_pthread_sync_interception() {}

}  // namespace gor::detail::race
