// netpoll_open/wait/close (see gor/detail/sched.hpp): edge-triggered epoll
// registration with one reader and one writer waiter per descriptor, as
// Go's netpoll.go pollDesc. A readiness event with no waiter is remembered
// and consumed by the next wait. A wait with a deadline arms a timer of the
// descriptor's (Go's pollDesc rt/wt) that wakes the waiter as timed out.
#include <sys/epoll.h>

#include <unordered_map>
#include <vector>

#include "netpoll/netpoll_impl.hpp"
#include "sched/sched_impl.hpp"

namespace gor::detail {

struct PollDesc;

/// A wait's deadline timer (one per direction of a descriptor).
struct DeadlineTimer {
  TimerNode node;  // first: the fire callback casts the node back
  PollDesc* pd = nullptr;
  int mode = 0;
};

struct PollDesc {
  SpinLock lock;
  G* waiter[2] GOR_GUARDED_BY(lock) = {nullptr, nullptr};  // by IoMode
  bool ready[2] GOR_GUARDED_BY(lock) = {false, false};
  bool timed_out[2] GOR_GUARDED_BY(lock) = {false, false};  // its deadline timer fired
  bool closing GOR_GUARDED_BY(lock) = false;
  // Armed only while a wait with a deadline is in progress (the timer heap's
  // lock guards the nodes).
  DeadlineTimer deadline[2];
  PollDesc* next_free = nullptr;
};

namespace {

// PollDescs are recycled, never freed: the poller thread may still hold a
// pointer from an event fetched before netpoll_close (a stale event only
// causes a spurious wake-up, and callers retry on EAGAIN).
struct Table {
  SpinLock lock;
  std::unordered_map<int, PollDesc*> by_fd GOR_GUARDED_BY(lock);
  PollDesc* free GOR_GUARDED_BY(lock) = nullptr;
};

Table& table() {
  static Table* t = new Table();
  return *t;
}

PollDesc* lookup(int fd) {
  Table& t = table();
  SpinGuard guard(t.lock);
  auto it = t.by_fd.find(fd);
  return it == t.by_fd.end() ? nullptr : it->second;
}

// A wait's deadline passed: wake the waiter as timed out (under the timer
// heap's lock: takes only the descriptor's).
void fire_deadline(TimerNode* node, int64_t) {
  auto* t = reinterpret_cast<DeadlineTimer*>(node);
  PollDesc* pd = t->pd;
  G* g;
  {
    SpinGuard guard(pd->lock);
    pd->timed_out[t->mode] = true;
    g = pd->waiter[t->mode];
    pd->waiter[t->mode] = nullptr;
  }
  if (g != nullptr) ready(g);
}

}  // namespace

void netpoll_open(int fd) {
  Sched* s = current_sched();
  if (s == nullptr) fatal("netpoll_open called while no gor::main is running");
  Table& t = table();
  PollDesc* pd;
  {
    SpinGuard guard(t.lock);
    pd = t.free;
    if (pd != nullptr) {
      t.free = pd->next_free;
    } else {
      pd = new PollDesc();
    }
    t.by_fd[fd] = pd;
  }
  {
    SpinGuard guard(pd->lock);
    pd->waiter[0] = pd->waiter[1] = nullptr;
    pd->ready[0] = pd->ready[1] = false;
    pd->timed_out[0] = pd->timed_out[1] = false;
    pd->closing = false;
  }
  epoll_event ev{};
  ev.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET;
  ev.data.ptr = pd;
  if (epoll_ctl(s->epfd, EPOLL_CTL_ADD, fd, &ev) != 0) fatal("netpoll: epoll_ctl(ADD) failed");
}

bool netpoll_wait(int fd, IoMode mode, int64_t deadline) {
  PollDesc* pd = lookup(fd);
  if (pd == nullptr) return true;  // closed or never opened: the caller's syscall reports it
  const int m = static_cast<int>(mode);
  if (deadline != 0 && nanotime() >= deadline) return false;
  Sched* s = current_sched();
  DeadlineTimer& timer = pd->deadline[m];
  if (deadline != 0) {
    // Armed before the descriptor's lock is taken (the timer fires under
    // the heap's lock and takes the descriptor's): one that fires before
    // the park leaves timed_out set, and the wait returns at once.
    SpinGuard guard(s->timers.lock);
    timer.pd = pd;
    timer.mode = m;
    timer.node.fire = &fire_deadline;
    timer.node.when = deadline;
    timer.node.period = 0;
    s->timers.add(&timer.node);
  }
  if (deadline != 0) timers_wake_poller(s, deadline);
  pd->lock.lock();
  if (!pd->closing && !pd->ready[m] && !pd->timed_out[m]) {
    if (pd->waiter[m] != nullptr) {
      pd->lock.unlock();
      fatal("netpoll: two goroutines wait on the same descriptor and direction");
    }
    pd->waiter[m] = current_g();
    external_wakeup_begin();
    park_releasing(pd->lock, WaitReason::kIOWait);
    external_wakeup_end();
  } else {
    pd->ready[m] = false;
    pd->lock.unlock();
  }
  if (deadline == 0) return true;
  {
    SpinGuard guard(s->timers.lock);
    s->timers.remove(&timer.node);  // false when it fired
  }
  SpinGuard guard(pd->lock);
  const bool timed_out = pd->timed_out[m];
  pd->timed_out[m] = false;
  return !timed_out;
}

void netpoll_interrupt(int fd, IoMode mode) {
  PollDesc* pd = lookup(fd);
  if (pd == nullptr) return;
  G* g;
  {
    SpinGuard guard(pd->lock);
    g = pd->waiter[static_cast<int>(mode)];
    pd->waiter[static_cast<int>(mode)] = nullptr;
  }
  if (g != nullptr) ready(g);
}

void netpoll_ready(PollDesc* pd, uint32_t events) {
  G* wake[2] = {nullptr, nullptr};
  {
    SpinGuard guard(pd->lock);
    bool in = (events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) != 0;
    bool out = (events & (EPOLLOUT | EPOLLHUP | EPOLLERR)) != 0;
    bool fire[2] = {in, out};
    for (int m = 0; m < 2; ++m) {
      if (!fire[m]) continue;
      if (pd->waiter[m] != nullptr) {
        wake[m] = pd->waiter[m];
        pd->waiter[m] = nullptr;
      } else {
        pd->ready[m] = true;
      }
    }
  }
  for (G* g : wake) {
    if (g != nullptr) ready(g);
  }
}

namespace {

// Marks `pd` closing (every later wait on it returns at once) and wakes its
// waiters.
void evict(PollDesc* pd) {
  G* wake[2];
  {
    SpinGuard guard(pd->lock);
    pd->closing = true;
    wake[0] = pd->waiter[0];
    wake[1] = pd->waiter[1];
    pd->waiter[0] = pd->waiter[1] = nullptr;
  }
  for (G* g : wake) {
    if (g != nullptr) ready(g);
  }
}

}  // namespace

void netpoll_evict(int fd) {
  if (PollDesc* pd = lookup(fd)) evict(pd);
}

void netpoll_close(int fd) {
  Sched* s = current_sched();
  Table& t = table();
  PollDesc* pd;
  {
    SpinGuard guard(t.lock);
    auto it = t.by_fd.find(fd);
    if (it == t.by_fd.end()) return;
    pd = it->second;
    t.by_fd.erase(it);
  }
  if (s != nullptr) epoll_ctl(s->epfd, EPOLL_CTL_DEL, fd, nullptr);
  evict(pd);
  SpinGuard guard(t.lock);
  pd->next_free = t.free;
  t.free = pd;
}

}  // namespace gor::detail
