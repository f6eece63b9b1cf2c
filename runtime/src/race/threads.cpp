// Threads outside the scheduler (std::thread, pthreads): as under
// ThreadSanitizer, creating a thread happens before its start routine runs,
// and the thread's end (after its routine, thread_local destructors and key
// destructors: see end_thread in state.cpp) happens before a join of the
// thread returns. pthread_create and pthread_join are replaced (the real
// ones are found with dlsym(RTLD_NEXT)); while detection is off, or for the
// runtime's own threads (started inside a ReentryGuard), they only forward.
#include <pthread.h>

#include "real_function.hpp"
#include "state.hpp"

namespace gor::detail::race {
namespace {

using CreateFn = int (*)(pthread_t*, const pthread_attr_t*, void* (*)(void*), void*);
using JoinFn = int (*)(pthread_t, void**);

CreateFn real_create() {
  static auto f = real_function_as<CreateFn>("pthread_create");
  return f;
}
JoinFn real_join() {
  static auto f = real_function_as<JoinFn>("pthread_join");
  return f;
}

/// What a new thread needs before its routine runs: the routine, and the
/// analyzer state its creator made for it (ordered after the creation).
struct ThreadStart {
  void* (*routine)(void*);
  void* arg;
  GState* state;
};

void* run_thread(void* p) {
  ThreadStart start = *static_cast<ThreadStart*>(p);
  {
    ReentryGuard guard;
    delete static_cast<ThreadStart*>(p);
  }
  adopt_thread_state(start.state);
  return start.routine(start.arg);
}

}  // namespace

void link_thread_interception() {
  real_create();
  real_join();
}

}  // namespace gor::detail::race

using gor::detail::race::ReentryGuard;

extern "C" {

int pthread_create(pthread_t* thread, const pthread_attr_t* attr, void* (*routine)(void*),
                   void* arg) {
  using namespace gor::detail::race;
  if (!tracking()) return real_create()(thread, attr, routine, arg);
  ThreadStart* start;
  {
    ReentryGuard guard;
    Engine* e = g_engine.load(std::memory_order_acquire);
    GState* creator = current_state();
    // The new thread's state, made as `go` makes a goroutine's: ordered
    // after everything its creator did so far, with its creation stack.
    GState* state = e->create_goroutine(creator, next_thread_id(), e->stack_at(creator, nullptr));
    start = new ThreadStart{routine, arg, state};
  }
  int rc = real_create()(thread, attr, run_thread, start);
  if (rc != 0) {
    ReentryGuard guard;
    g_engine.load(std::memory_order_acquire)->finish_goroutine(start->state);
    delete start;
  }
  return rc;
}

int pthread_join(pthread_t thread, void** result) {
  using namespace gor::detail::race;
  int rc = real_join()(thread, result);
  if (rc == 0 && tracking()) {
    ReentryGuard guard;
    Engine* e = g_engine.load(std::memory_order_acquire);
    e->acquire(current_state(), thread_end_object(thread), "thread join");
    e->sync_reset(thread_end_object(thread));  // the next thread may reuse its control block
  }
  return rc;
}

}  // extern "C"
