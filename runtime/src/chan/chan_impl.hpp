// ChanCore's layout and the lock-held operations shared by the plain channel
// operations (chan.cpp) and select (select.cpp).
#pragma once

#include <atomic>
#include <cstddef>

#include "gor/detail/chan_core.hpp"
#include "gor/detail/race_hooks.hpp"
#include "gor/detail/spinlock.hpp"
#include "gor/race.hpp"
#include "sched/g.hpp"

namespace gor::detail {

struct Sudog;

/// A select's shared state: the first waker to CAS `winner` from null wins.
struct SelectState {
  std::atomic<Sudog*> winner{nullptr};
};

/// A goroutine waiting on one channel (Go's sudog). Lives on the waiter's
/// stack; valid while queued and until the waker calls ready().
struct Sudog {
  G* g = nullptr;
  Sudog* next = nullptr;
  Sudog* prev = nullptr;
  void* elem = nullptr;  // send: the value; recv: raw destination storage
  ChanCore* c = nullptr;
  SelectState* sel = nullptr;  // non-null for select cases
  int case_index = 0;
  bool success = false;  // the element was transferred (false: woken by close)
  bool queued = false;   // linked in c's recvq or sendq (guarded by c->lock)
};

/// FIFO of Sudogs (guarded by the channel's lock).
struct WaitQueue {
  Sudog* first = nullptr;
  Sudog* last = nullptr;

  void enqueue(Sudog* s) {
    s->next = nullptr;
    s->prev = last;
    if (last != nullptr) {
      last->next = s;
    } else {
      first = s;
    }
    last = s;
    s->queued = true;
  }
  void remove(Sudog* s) {
    if (!s->queued) return;
    if (s->prev != nullptr) {
      s->prev->next = s->next;
    } else {
      first = s->next;
    }
    if (s->next != nullptr) {
      s->next->prev = s->prev;
    } else {
      last = s->prev;
    }
    s->next = s->prev = nullptr;
    s->queued = false;
  }
  /// Takes the first waiter that can still be woken: a select's case is
  /// skipped (and dropped) when another case of that select already won.
  Sudog* dequeue() {
    for (;;) {
      Sudog* s = first;
      if (s == nullptr) return nullptr;
      remove(s);
      if (s->sel != nullptr) {
        Sudog* expected = nullptr;
        if (!s->sel->winner.compare_exchange_strong(expected, s, std::memory_order_acq_rel))
          continue;
      }
      return s;
    }
  }
};

class ChanCore {
 public:
  std::atomic<uint32_t> refs{1};
  SpinLock lock;
  const ElemOps* ops = nullptr;
  size_t cap = 0;
  std::atomic<size_t> count{0};           // elements in the buffer (written under lock)
  std::atomic<bool> closed{false};        // written under lock
  size_t sendx GOR_GUARDED_BY(lock) = 0;  // next buffer slot to fill
  size_t recvx GOR_GUARDED_BY(lock) = 0;  // next buffer slot to drain
  WaitQueue recvq GOR_GUARDED_BY(lock);
  WaitQueue sendq GOR_GUARDED_BY(lock);
  unsigned char* buf = nullptr;  // cap slots of ops->size bytes (after the object)
  size_t stride = 0;
  // The race detector's clock of each buffer slot, kept here (operations on
  // slot i happen under `lock`); null when the channel was made with
  // detection off or has over 65536 slots: its slots then use the
  // detector's clocks keyed by their address.
  void* race_clocks = nullptr;

  unsigned char* slot(size_t i) { return buf + i * stride; }
};

/// Go's racenotify for buffer slot `i`: a release-acquire on the slot's
/// clock by the current goroutine, doing `what` (the k-th receive happens
/// before the k+cap-th send completes). Detection on, `c` locked.
inline void race_slot_sync(ChanCore* c, size_t i, const char* what) {
  if (c->race_clocks != nullptr) {
    race::release_acquire_owned(c->race_clocks, i, c->slot(i), what);
  } else {
    race::release_acquire(c->slot(i), what);
  }
}
/// race_slot_sync on behalf of parked `g` (the other side of a hand-off).
inline void race_slot_sync_for(G* g, ChanCore* c, size_t i, const char* what) {
  if (c->race_clocks != nullptr) {
    race::release_acquire_owned_for(g, c->race_clocks, i, c->slot(i), what);
  } else {
    race::release_acquire_for(g, c->slot(i), what);
  }
}

/// Whether race hooks apply. A channel operation by a thread that runs no
/// goroutine (a plain thread, or a timer's send on the poller) acts for the
/// thread's own race state, and a waker acts for a parked plain thread
/// through its stand-in G (bound to that state: current_g_or_foreign).
inline bool race_on() {
  return race::enabled();
}

/// Moves the element at src into raw storage dst (src stays alive), as
/// the runtime's copy of a channel element. Go copies elements with an
/// uninstrumented memmove; here the move constructor may be instrumented
/// user code, so with detection on it runs with the current goroutine's
/// accesses ignored: a hand-off's edges order the two goroutines' own
/// accesses to the element, never the runtime's copy between them. A
/// trivial element's move runs no user code: nothing to ignore.
inline void move_elem(const ChanCore* c, void* dst, void* src) {
  if (race_on() && !c->ops->trivial) [[unlikely]] {
    gor::race::ignore_begin();
    c->ops->move_construct(dst, src);
    gor::race::ignore_end();
  } else {
    c->ops->move_construct(dst, src);
  }
}
/// Destroys the element at p (a buffer slot), ignored like move_elem.
inline void destroy_elem(const ChanCore* c, void* p) {
  if (race_on() && !c->ops->trivial) [[unlikely]] {
    gor::race::ignore_begin();
    c->ops->destroy(p);
    gor::race::ignore_end();
  } else {
    c->ops->destroy(p);
  }
}

/// The current goroutine or the calling thread's stand-in (sched_impl.hpp).
G* current_g_or_foreign();

/// With c locked: completes a send of *src if a receiver waits or the buffer
/// has room; returns false otherwise. *wake is set to a goroutine to ready()
/// after unlocking. c must not be closed.
bool send_locked(ChanCore* c, void* src, G** wake) GOR_REQUIRES(c->lock);
/// With c locked: completes a receive if a sender waits, the buffer holds an
/// element, or c is closed. Sets *received; *wake as for send_locked.
bool recv_locked(ChanCore* c, void* dst, bool* received, G** wake) GOR_REQUIRES(c->lock);
/// The race-sync address of an unbuffered channel's hand-offs (Go's
/// chanbuf(c, 0)); distinct from c itself, which close releases.
inline const void* race_sync_addr(const ChanCore* c) {
  return &c->recvq;
}
/// Throws gor::Panic(msg).
[[noreturn]] void chan_panic(const char* msg);

}  // namespace gor::detail
