// Channel operations (Go's chansend, chanrecv, closechan). Race edges follow
// chan.go, the waker acting for the parked goroutine at hand-off time: a
// send reads the channel; an unbuffered hand-off synchronizes both ways
// (racesync); a buffered one release-acquires the slot for each side
// (racenotify); close writes and releases the channel, and a receive that
// sees it closed, or a waiter woken by it, acquires.
#include <cstdlib>
#include <new>

#include "chan/chan_impl.hpp"
#include "gor/panic.hpp"
#include "sched/sched_impl.hpp"

namespace gor::detail {
namespace {

void unlock_nothing(void*) {}

// Go's racesync: an unbuffered hand-off orders both ways between the
// current goroutine, doing `what`, and the parked one, doing `parked_what`.
void race_sync(ChanCore* c, G* parked, const char* what, const char* parked_what) {
  race::exchange_with(parked, race_sync_addr(c), what, parked_what);
}

[[noreturn]] void block_forever(WaitReason why) {
  park(unlock_nothing, nullptr, why);
  fatal("a goroutine blocked forever was woken");
}

}  // namespace

void chan_panic(const char* msg) {
  throw Panic(msg);
}

ChanCore* chan_make(const ElemOps* ops, long long cap) {
  if (cap < 0) chan_panic("makechan: size out of range");
  size_t stride = (ops->size + ops->align - 1) / ops->align * ops->align;
  size_t header = (sizeof(ChanCore) + 63) / 64 * 64;
  size_t align = ops->align > 64 ? ops->align : 64;
  // Go's bound: a buffer beyond what the address space can hold (2^48
  // bytes) panics rather than overflowing the size computation.
  constexpr size_t kMaxAlloc = size_t{1} << 48;
  if (stride != 0 && static_cast<unsigned long long>(cap) > (kMaxAlloc - header) / stride)
    chan_panic("makechan: size out of range");
  size_t total = header + stride * static_cast<size_t>(cap);
  void* mem = ::operator new (total, std::align_val_t{align});
  auto* c = new (mem) ChanCore();
  c->ops = ops;
  c->cap = static_cast<size_t>(cap);
  c->stride = stride;
  c->buf = static_cast<unsigned char*>(mem) + header;
  // Slot clocks are allocated whole (40 bytes each): a huge buffer keeps
  // the detector's table, which holds clocks only for slots used so far.
  constexpr size_t kMaxOwnedSlotClocks = size_t{1} << 16;
  if (cap > 0 && c->cap <= kMaxOwnedSlotClocks) c->race_clocks = race::owned_clocks_make(c->cap);
  return c;
}

void chan_retain(ChanCore* c) noexcept {
  c->refs.fetch_add(1, std::memory_order_relaxed);
}

// Freeing the channel is Go's garbage collection of it: not a memory
// access. The reference count orders the free after every other handle's
// last use, but the detector sees no edge for it, so the destruction of
// the buffered elements and the free of the block (a write over it) run
// with the current goroutine's (or thread's) accesses ignored.
void chan_release(ChanCore* c) noexcept GOR_NO_THREAD_SAFETY_ANALYSIS {
  if (c->refs.fetch_sub(1, std::memory_order_acq_rel) != 1) return;
  bool racing = race::enabled();
  if (racing) gor::race::ignore_begin();
  size_t n = c->count.load(std::memory_order_relaxed);
  for (size_t i = 0, x = c->recvx; i < n; ++i, x = (x + 1 == c->cap ? 0 : x + 1)) {
    c->ops->destroy(c->slot(x));
  }
  race::sync_reset(c);
  race::sync_reset(race_sync_addr(c));
  if (c->race_clocks != nullptr) {
    race::owned_clocks_free(c->race_clocks);
  } else {
    for (size_t i = 0; i < c->cap; ++i) race::sync_reset(c->slot(i));
  }
  size_t align = c->ops->align > 64 ? c->ops->align : 64;
  c->~ChanCore();
  ::operator delete (static_cast<void*>(c), std::align_val_t{align});
  if (racing) gor::race::ignore_end();
}

bool send_locked(ChanCore* c, void* src, G** wake) {
  if (Sudog* r = c->recvq.dequeue()) {
    // Direct hand-off to a parked receiver (the buffer is empty).
    if (race_on()) {
      if (c->cap == 0) {
        race_sync(c, r->g, kChanSend, kChanRecv);
      } else {
        race_slot_sync(c, c->recvx, kChanSend);
        race_slot_sync_for(r->g, c, c->recvx, kChanRecv);
      }
    }
    if (c->cap != 0) {
      if (++c->recvx == c->cap) c->recvx = 0;
      c->sendx = c->recvx;
    }
    move_elem(c, r->elem, src);
    r->success = true;
    *wake = r->g;
    return true;
  }
  size_t n = c->count.load(std::memory_order_relaxed);
  if (n < c->cap) {
    unsigned char* s = c->slot(c->sendx);
    if (race_on()) race_slot_sync(c, c->sendx, kChanSend);
    move_elem(c, s, src);
    if (++c->sendx == c->cap) c->sendx = 0;
    c->count.store(n + 1, std::memory_order_release);
    *wake = nullptr;
    return true;
  }
  return false;
}

bool recv_locked(ChanCore* c, void* dst, bool* received, G** wake) {
  *wake = nullptr;
  size_t n = c->count.load(std::memory_order_relaxed);
  if (c->closed.load(std::memory_order_relaxed) && n == 0) {
    if (race_on()) race::acquire(c, kChanRecv);
    *received = false;
    return true;
  }
  if (Sudog* s = c->sendq.dequeue()) {
    if (c->cap == 0) {
      if (race_on()) race_sync(c, s->g, kChanRecv, kChanSend);
      move_elem(c, dst, s->elem);
    } else {
      // Full buffer: take its head, put the sender's element in that slot.
      unsigned char* slot = c->slot(c->recvx);
      if (race_on()) {
        race_slot_sync(c, c->recvx, kChanRecv);
        race_slot_sync_for(s->g, c, c->recvx, kChanSend);
      }
      move_elem(c, dst, slot);
      destroy_elem(c, slot);
      move_elem(c, slot, s->elem);
      if (++c->recvx == c->cap) c->recvx = 0;
      c->sendx = c->recvx;
    }
    s->success = true;
    *wake = s->g;
    *received = true;
    return true;
  }
  if (n > 0) {
    unsigned char* slot = c->slot(c->recvx);
    if (race_on()) race_slot_sync(c, c->recvx, kChanRecv);
    move_elem(c, dst, slot);
    destroy_elem(c, slot);
    if (++c->recvx == c->cap) c->recvx = 0;
    c->count.store(n - 1, std::memory_order_release);
    *received = true;
    return true;
  }
  return false;
}

bool chan_send(ChanCore* c, void* src, bool block) {
  sched_point();  // deterministic mode: the strategy may switch here
  if (c == nullptr) {
    if (!block) return false;
    block_forever(WaitReason::kNilChanSend);
  }
  // Fast path (Go's, buffered only): a full, open channel cannot take a non-blocking send.
  if (!block && c->cap > 0 && !c->closed.load(std::memory_order_relaxed) &&
      c->count.load(std::memory_order_relaxed) == c->cap) {
    return false;
  }
  c->lock.lock();
  if (c->closed.load(std::memory_order_relaxed)) {
    c->lock.unlock();
    chan_panic("send on closed channel");
  }
  G* wake = nullptr;
  if (send_locked(c, src, &wake)) {
    c->lock.unlock();
    if (wake != nullptr) ready(wake);
    return true;
  }
  if (!block) {
    c->lock.unlock();
    return false;
  }
  Sudog me;
  me.g = current_g_or_foreign();
  me.elem = src;
  me.c = c;
  c->sendq.enqueue(&me);
  park_releasing(c->lock, WaitReason::kChanSend);
  if (!me.success) chan_panic("send on closed channel");
  return true;
}

bool chan_offer(ChanCore* c, void* src) {
  c->lock.lock();
  G* wake = nullptr;
  const bool sent = !c->closed.load(std::memory_order_relaxed) && send_locked(c, src, &wake);
  c->lock.unlock();
  if (wake != nullptr) ready(wake);
  return sent;
}

RecvResult chan_recv(ChanCore* c, void* dst, bool block) {
  sched_point();  // deterministic mode: the strategy may switch here
  if (c == nullptr) {
    if (!block) return {false, false};
    block_forever(WaitReason::kNilChan);
  }
  // Fast path (buffered only): an empty open channel cannot serve a non-blocking receive.
  if (!block && c->cap > 0 && c->count.load(std::memory_order_acquire) == 0 &&
      !c->closed.load(std::memory_order_acquire)) {
    return {false, false};
  }
  c->lock.lock();
  bool received = false;
  G* wake = nullptr;
  if (recv_locked(c, dst, &received, &wake)) {
    c->lock.unlock();
    if (wake != nullptr) ready(wake);
    return {true, received};
  }
  if (!block) {
    c->lock.unlock();
    return {false, false};
  }
  Sudog me;
  me.g = current_g_or_foreign();
  me.elem = dst;
  me.c = c;
  c->recvq.enqueue(&me);
  park_releasing(c->lock, WaitReason::kChanRecv);
  return {true, me.success};
}

void chan_close(ChanCore* c) {
  sched_point();  // deterministic mode: the strategy may switch here
  if (c == nullptr) chan_panic("close of nil channel");
  c->lock.lock();
  if (c->closed.load(std::memory_order_relaxed)) {
    c->lock.unlock();
    chan_panic("close of closed channel");
  }
  if (race_on()) {
    race::write(c, 1, kChanClose);
    race::release(c, kChanClose);
  }
  c->closed.store(true, std::memory_order_release);
  // Collect every waiter (linked through next) before waking any.
  Sudog* list = nullptr;
  bool racing = race_on();
  for (WaitQueue* q : {&c->recvq, &c->sendq}) {
    while (Sudog* s = q->dequeue()) {
      s->success = false;
      if (racing) race::acquire_for(s->g, c, q == &c->recvq ? kChanRecv : kChanSend);
      s->next = list;
      list = s;
    }
  }
  c->lock.unlock();
  while (list != nullptr) {
    Sudog* next = list->next;
    ready(list->g);  // list may be gone once its goroutine runs
    list = next;
  }
}

size_t chan_len(const ChanCore* c) noexcept {
  sched_point();  // `for len(c) == 0 {}` polls: let the sender run
  return c == nullptr ? 0 : c->count.load(std::memory_order_relaxed);
}

size_t chan_cap(const ChanCore* c) noexcept {
  return c == nullptr ? 0 : c->cap;
}

}  // namespace gor::detail
