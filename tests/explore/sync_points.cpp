// Test program: three goroutines print "goroutine N step I" lines with one
// kind of non-blocking synchronisation operation (argv[1]) before each line,
// on objects of their own, and no instrumented access in the loop (the
// operations' code is the runtime's, which is not instrumented). In
// deterministic mode only that operation's scheduling point can switch
// goroutines between two lines of one goroutine, so interleaved output shows
// that the operation is a scheduling point. Kind "none" (no operation) is the
// control: its goroutines can never be interleaved.
// Range over a channel is kind chan_range: each element is received by the
// range loop itself. Kind atomic checks that atomics (instrumented accesses)
// are points too.
#include <gor/gor.hpp>

#include <atomic>
#include <cstdio>
#include <cstring>

namespace {

constexpr int kSteps = 4;

std::atomic<int> g_atomics[4];  // kind "atomic": one per goroutine id 1..3

void step_line(int id, int i) {
  std::printf("goroutine %d step %d\n", id, i);
}

// Runs one goroutine's loop for kind `kind`: set-up (before the first line,
// so its points do not count), kSteps operations each followed by a line,
// tear-down.
void run_kind(const char* kind, int id) {
  if (std::strcmp(kind, "mutex_lock") == 0) {
    gor::Mutex mu[kSteps];
    for (int i = 0; i < kSteps; ++i) {
      mu[i].lock();
      step_line(id, i);
    }
    for (auto& m : mu) m.unlock();
  } else if (std::strcmp(kind, "mutex_unlock") == 0) {
    gor::Mutex mu[kSteps];
    for (auto& m : mu) m.lock();
    for (int i = 0; i < kSteps; ++i) {
      mu[i].unlock();
      step_line(id, i);
    }
  } else if (std::strcmp(kind, "mutex_try_lock") == 0) {
    gor::Mutex mu[1];
    mu[0].lock();
    for (int i = 0; i < kSteps; ++i) {
      (void)mu[0].try_lock();  // always fails
      step_line(id, i);
    }
    mu[0].unlock();
  } else if (std::strcmp(kind, "rwmutex_lock") == 0) {
    gor::RWMutex mu[kSteps];
    for (int i = 0; i < kSteps; ++i) {
      mu[i].lock();
      step_line(id, i);
    }
    for (auto& m : mu) m.unlock();
  } else if (std::strcmp(kind, "rwmutex_unlock") == 0) {
    gor::RWMutex mu[kSteps];
    for (auto& m : mu) m.lock();
    for (int i = 0; i < kSteps; ++i) {
      mu[i].unlock();
      step_line(id, i);
    }
  } else if (std::strcmp(kind, "rwmutex_try_lock") == 0) {
    gor::RWMutex mu[1];
    mu[0].lock_shared();
    for (int i = 0; i < kSteps; ++i) {
      (void)mu[0].try_lock();  // always fails
      step_line(id, i);
    }
    mu[0].unlock_shared();
  } else if (std::strcmp(kind, "rwmutex_lock_shared") == 0) {
    gor::RWMutex mu[1];
    for (int i = 0; i < kSteps; ++i) {
      mu[0].lock_shared();
      step_line(id, i);
    }
    for (int i = 0; i < kSteps; ++i) mu[0].unlock_shared();
  } else if (std::strcmp(kind, "rwmutex_unlock_shared") == 0) {
    gor::RWMutex mu[1];
    for (int i = 0; i < kSteps; ++i) mu[0].lock_shared();
    for (int i = 0; i < kSteps; ++i) {
      mu[0].unlock_shared();
      step_line(id, i);
    }
  } else if (std::strcmp(kind, "rwmutex_try_lock_shared") == 0) {
    gor::RWMutex mu[1];
    for (int i = 0; i < kSteps; ++i) {
      (void)mu[0].try_lock_shared();
      step_line(id, i);
    }
    for (int i = 0; i < kSteps; ++i) mu[0].unlock_shared();
  } else if (std::strcmp(kind, "chan_send") == 0) {
    auto ch = gor::make_chan<int>(kSteps);
    for (int i = 0; i < kSteps; ++i) {
      ch.send(i);
      step_line(id, i);
    }
  } else if (std::strcmp(kind, "chan_recv") == 0) {
    auto ch = gor::make_chan<int>(kSteps);
    for (int i = 0; i < kSteps; ++i) ch.send(i);
    for (int i = 0; i < kSteps; ++i) {
      (void)ch.recv();
      step_line(id, i);
    }
  } else if (std::strcmp(kind, "chan_recv_ok") == 0) {
    auto ch = gor::make_chan<int>();
    ch.close();
    for (int i = 0; i < kSteps; ++i) {
      (void)ch.recv_ok();  // closed: returns at once
      step_line(id, i);
    }
  } else if (std::strcmp(kind, "chan_close") == 0) {
    gor::Chan<int> ch[kSteps];
    for (auto& c : ch) c = gor::make_chan<int>();
    for (int i = 0; i < kSteps; ++i) {
      ch[i].close();
      step_line(id, i);
    }
  } else if (std::strcmp(kind, "select") == 0) {
    auto ch = gor::make_chan<int>(kSteps);
    for (int i = 0; i < kSteps; ++i) ch.send(i);
    for (int i = 0; i < kSteps; ++i) {
      gor::select(gor::recv(ch));  // always ready
      step_line(id, i);
    }
  } else if (std::strcmp(kind, "select_default") == 0) {
    auto ch = gor::make_chan<int>();
    for (int i = 0; i < kSteps; ++i) {
      gor::select(gor::recv(ch), gor::default_case());  // never ready
      step_line(id, i);
    }
  } else if (std::strcmp(kind, "waitgroup_add") == 0) {
    gor::WaitGroup wg;
    for (int i = 0; i < kSteps; ++i) {
      wg.add(1);
      step_line(id, i);
    }
    wg.add(-kSteps);
  } else if (std::strcmp(kind, "waitgroup_done") == 0) {
    gor::WaitGroup wg;
    wg.add(kSteps);
    for (int i = 0; i < kSteps; ++i) {
      wg.done();
      step_line(id, i);
    }
  } else if (std::strcmp(kind, "waitgroup_wait") == 0) {
    gor::WaitGroup wg;
    for (int i = 0; i < kSteps; ++i) {
      wg.wait();  // the counter is zero
      step_line(id, i);
    }
  } else if (std::strcmp(kind, "once") == 0) {
    gor::Once once;
    for (int i = 0; i < kSteps; ++i) {
      once.call([] {});
      step_line(id, i);
    }
  } else if (std::strcmp(kind, "cond_signal") == 0) {
    gor::Mutex mu;
    gor::Cond cond(mu);
    for (int i = 0; i < kSteps; ++i) {
      cond.signal();  // no waiter
      step_line(id, i);
    }
  } else if (std::strcmp(kind, "cond_broadcast") == 0) {
    gor::Mutex mu;
    gor::Cond cond(mu);
    for (int i = 0; i < kSteps; ++i) {
      cond.broadcast();  // no waiter
      step_line(id, i);
    }
  } else if (std::strcmp(kind, "pool_put") == 0) {
    gor::Pool<int> pool;
    for (int i = 0; i < kSteps; ++i) {
      pool.put(i);
      step_line(id, i);
    }
  } else if (std::strcmp(kind, "pool_get") == 0) {
    gor::Pool<int> pool;
    for (int i = 0; i < kSteps; ++i) {
      (void)pool.get();
      step_line(id, i);
    }
  } else if (std::strcmp(kind, "chan_range") == 0) {
    auto ch = gor::make_chan<int>(kSteps);
    for (int i = 0; i < kSteps; ++i) ch.send(i);
    ch.close();
    for (int i : ch) step_line(id, i);
  } else if (std::strcmp(kind, "atomic") == 0) {
    // An instrumented atomic (a global: a local one would not escape); each
    // goroutine uses its own element.
    for (int i = 0; i < kSteps; ++i) {
      g_atomics[id].fetch_add(1, std::memory_order_relaxed);
      step_line(id, i);
    }
  } else {  // "none"
    for (int i = 0; i < kSteps; ++i) step_line(id, i);
  }
}

const char* const kKinds[] = {"mutex_lock",
                              "mutex_unlock",
                              "mutex_try_lock",
                              "rwmutex_lock",
                              "rwmutex_unlock",
                              "rwmutex_try_lock",
                              "rwmutex_lock_shared",
                              "rwmutex_unlock_shared",
                              "rwmutex_try_lock_shared",
                              "chan_send",
                              "chan_recv",
                              "chan_recv_ok",
                              "chan_close",
                              "select",
                              "select_default",
                              "waitgroup_add",
                              "waitgroup_done",
                              "waitgroup_wait",
                              "once",
                              "cond_signal",
                              "cond_broadcast",
                              "pool_put",
                              "pool_get",
                              "chan_range",
                              "atomic",
                              "none"};

}  // namespace

int main(int argc, char** argv) {
  const char* kind = nullptr;
  for (const char* k : kKinds) {
    if (argc == 2 && std::strcmp(argv[1], k) == 0) kind = k;
  }
  if (kind == nullptr) {
    std::fprintf(stderr, "usage: sync_points KIND (one of:");
    for (const char* k : kKinds) std::fprintf(stderr, " %s", k);
    std::fprintf(stderr, ")\n");
    return 2;
  }
  return gor::main([kind] {
    gor::WaitGroup wg;
    for (int id = 1; id <= 3; ++id) {
      wg.go([kind, id] { run_kind(kind, id); });
    }
    wg.wait();
  });
}
