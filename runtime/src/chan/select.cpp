// select (Go's selectgo): random poll order, channel locks taken in address
// order (each distinct channel once), one Sudog per case while parked, and
// the first waker wins the select's CAS.
#include <new>

#include "chan/chan_impl.hpp"
#include "gor/detail/select_core.hpp"

namespace gor::detail {
namespace {

static_assert(sizeof(Sudog) <= kSelectWaiterSize, "grow kSelectWaiterSize");

// The distinct channels of a select in lock (address) order.
struct LockSet {
  ChanCore** chans;
  int n;
};

void lock_all(const LockSet& ls) GOR_NO_THREAD_SAFETY_ANALYSIS {
  for (int i = 0; i < ls.n; ++i) ls.chans[i]->lock.lock();
}

void unlock_all(const LockSet& ls) GOR_NO_THREAD_SAFETY_ANALYSIS {
  for (int i = 0; i < ls.n; ++i) ls.chans[i]->lock.unlock();
}

// park()'s unlock callback. Once a channel is unlocked a waker may resume the
// selecting goroutine; it then re-locks every channel in the same order, so
// the array (on its stack) stays valid and unchanged until we released the
// last lock, after which nothing here is touched.
void unlock_all_parked(void* arg) GOR_NO_THREAD_SAFETY_ANALYSIS {
  auto* ls = static_cast<LockSet*>(arg);
  ChanCore** chans = ls->chans;
  int n = ls->n;
  for (int i = 0; i < n; ++i) chans[i]->lock.unlock();
}

void unlock_nothing(void*) {}

// With the channel of `cs` (and maybe others) locked: completes the case if
// it can proceed now, unlocking with `unlock` first; panics (after
// unlocking) on a send to a closed channel. Returns whether it completed.
template <class Unlock>
bool try_case(SelectCase& cs, Unlock unlock, bool* received) GOR_NO_THREAD_SAFETY_ANALYSIS {
  G* wake = nullptr;
  if (cs.is_send) {
    // As selectgo: the channel read is recorded before the closed check,
    // so a send case that panics on a closed channel races with close.
    if (race_on()) race::read(cs.c, 1, "gor::select");
    if (cs.c->closed.load(std::memory_order_relaxed)) {
      unlock();
      chan_panic("send on closed channel");
    }
    if (!send_locked(cs.c, cs.elem, &wake)) return false;
    *received = false;
  } else {
    if (!recv_locked(cs.c, cs.elem, received, &wake)) return false;
  }
  unlock();
  if (wake != nullptr) ready(wake);
  return true;
}

// Whether the case on a buffered channel can proceed now (exact for
// buffered channels: their waiters only queue when the buffer is full for
// senders or empty for receivers). Read without the lock: a hint.
bool buffered_case_ready(const SelectCase& cs) {
  size_t n = cs.c->count.load(std::memory_order_relaxed);
  if (cs.c->closed.load(std::memory_order_relaxed)) return true;
  return cs.is_send ? n < cs.c->cap : n > 0;
}

// A blocking select whose channels are all buffered first tries the cases
// that look ready, in poll order, each under its own channel's lock only
// (the common case of a select over busy queues then takes one lock, not
// all). The choice is the full algorithm's: the first case in the random
// poll order that can proceed. Returns whether a case completed.
bool select_fast(SelectCase* cases, const uint16_t* pollorder, int npoll,
                 SelectResult* out) GOR_NO_THREAD_SAFETY_ANALYSIS {
  for (int k = 0; k < npoll; ++k)
    if (cases[pollorder[k]].c->cap == 0) return false;
  for (int k = 0; k < npoll; ++k) {
    int i = pollorder[k];
    SelectCase& cs = cases[i];
    if (!buffered_case_ready(cs)) continue;
    cs.c->lock.lock();
    bool received = false;
    if (try_case(
            cs, [&]() GOR_NO_THREAD_SAFETY_ANALYSIS { cs.c->lock.unlock(); }, &received)) {
      *out = {i, received};
      return true;
    }
    cs.c->lock.unlock();
  }
  return false;
}

}  // namespace

SelectResult select_impl(SelectCase* cases, int n, bool block, uint16_t* scratch,
                         void* waiters) GOR_NO_THREAD_SAFETY_ANALYSIS {
  sched_point();  // deterministic mode: the strategy may switch here
  uint16_t* pollorder = scratch;
  uint16_t* lockorder = scratch + n;
  // Random permutation of the non-nil cases (inside-out Fisher-Yates).
  int npoll = 0;
  for (int i = 0; i < n; ++i) {
    if (cases[i].c == nullptr) continue;
    // Uniform in [0, npoll] by multiply-shift (no division).
    int j = static_cast<int>((uint64_t{fastrand()} * static_cast<uint32_t>(npoll + 1)) >> 32);
    pollorder[npoll] = pollorder[j];
    pollorder[j] = static_cast<uint16_t>(i);
    ++npoll;
  }
  if (npoll == 0) {
    if (!block) return {-1, false};
    park(unlock_nothing, nullptr, n == 0 ? WaitReason::kSelectNoCases : WaitReason::kSelect);
    fatal("a goroutine blocked forever was woken");
  }
  // A select with a default case must see every case not ready at once (all
  // locks held); a blocking one may try its cases one by one first.
  if (SelectResult fast; block && select_fast(cases, pollorder, npoll, &fast)) return fast;
  // Lock order: by channel address (insertion sort; selects are small).
  for (int i = 0; i < npoll; ++i) {
    uint16_t v = pollorder[i];
    int j = i;
    while (j > 0 && cases[lockorder[j - 1]].c > cases[v].c) {
      lockorder[j] = lockorder[j - 1];
      --j;
    }
    lockorder[j] = v;
  }
  // The distinct channels in lock order.
  ChanCore* small[16];
  ChanCore** chans = npoll <= 16 ? small : new ChanCore*[static_cast<size_t>(npoll)];
  int nchans = 0;
  for (int i = 0; i < npoll; ++i) {
    ChanCore* c = cases[lockorder[i]].c;
    if (nchans == 0 || chans[nchans - 1] != c) chans[nchans++] = c;
  }
  LockSet ls{chans, nchans};
  struct FreeChans {
    ChanCore** p;
    ChanCore** small;
    ~FreeChans() {
      if (p != small) delete[] p;
    }
  } free_chans{chans, small};

  lock_all(ls);
  // Pass 1: the first ready case in poll order.
  for (int k = 0; k < npoll; ++k) {
    int i = pollorder[k];
    bool received = false;
    if (try_case(
            cases[i], [&] { unlock_all(ls); }, &received))
      return {i, received};
  }
  if (!block) {
    unlock_all(ls);
    return {-1, false};
  }
  // Pass 2: wait on every case.
  G* self = current_g_or_foreign();
  SelectState state;
  auto* sgs = static_cast<Sudog*>(waiters);
  for (int k = 0; k < npoll; ++k) {
    int i = lockorder[k];
    Sudog* s = new (&sgs[i]) Sudog();
    s->g = self;
    s->elem = cases[i].elem;
    s->c = cases[i].c;
    s->sel = &state;
    s->case_index = i;
    (cases[i].is_send ? s->c->sendq : s->c->recvq).enqueue(s);
  }
  park(unlock_all_parked, &ls, WaitReason::kSelect);
  // Woken: dequeue the cases that lost.
  Sudog* won = state.winner.load(std::memory_order_acquire);
  lock_all(ls);
  for (int k = 0; k < npoll; ++k) {
    int i = lockorder[k];
    Sudog* s = &sgs[i];
    if (s != won) (cases[i].is_send ? s->c->sendq : s->c->recvq).remove(s);
  }
  unlock_all(ls);
  if (cases[won->case_index].is_send && !won->success) chan_panic("send on closed channel");
  return {won->case_index, won->success};
}

}  // namespace gor::detail
