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
    SelectCase& cs = cases[i];
    G* wake = nullptr;
    if (cs.is_send) {
      // As selectgo: the channel read is recorded before the closed check,
      // so a send case that panics on a closed channel races with close.
      if (race_on()) race::read(cs.c, 1, "chansend");
      if (cs.c->closed.load(std::memory_order_relaxed)) {
        unlock_all(ls);
        chan_panic("send on closed channel");
      }
      if (send_locked(cs.c, cs.elem, &wake)) {
        unlock_all(ls);
        if (wake != nullptr) ready(wake);
        return {i, false};
      }
    } else {
      bool received = false;
      if (recv_locked(cs.c, cs.elem, &received, &wake)) {
        unlock_all(ls);
        if (wake != nullptr) ready(wake);
        return {i, received};
      }
    }
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
