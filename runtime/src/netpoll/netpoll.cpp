// netpoll_open/wait/close (see gor/detail/sched.hpp): edge-triggered epoll
// registration with one reader and one writer waiter per descriptor, as
// Go's netpoll.go pollDesc. A readiness event with no waiter is remembered
// and consumed by the next wait.
#include <sys/epoll.h>

#include <unordered_map>
#include <vector>

#include "netpoll/netpoll_impl.hpp"
#include "sched/sched_impl.hpp"

namespace gor::detail {

struct PollDesc {
  SpinLock lock;
  G* waiter[2] GOR_GUARDED_BY(lock) = {nullptr, nullptr};  // by IoMode
  bool ready[2] GOR_GUARDED_BY(lock) = {false, false};
  bool closing GOR_GUARDED_BY(lock) = false;
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

void unlock_pd(void* pd) GOR_NO_THREAD_SAFETY_ANALYSIS {
  static_cast<PollDesc*>(pd)->lock.unlock();
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
    pd->closing = false;
  }
  epoll_event ev{};
  ev.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET;
  ev.data.ptr = pd;
  if (epoll_ctl(s->epfd, EPOLL_CTL_ADD, fd, &ev) != 0) fatal("netpoll: epoll_ctl(ADD) failed");
}

void netpoll_wait(int fd, IoMode mode) GOR_NO_THREAD_SAFETY_ANALYSIS {
  PollDesc* pd = lookup(fd);
  if (pd == nullptr) return;  // closed or never opened: the caller's syscall reports it
  int m = static_cast<int>(mode);
  pd->lock.lock();
  if (pd->closing || pd->ready[m]) {
    pd->ready[m] = false;
    pd->lock.unlock();
    return;
  }
  if (pd->waiter[m] != nullptr) {
    pd->lock.unlock();
    fatal("netpoll: two goroutines wait on the same descriptor and direction");
  }
  pd->waiter[m] = current_g();
  external_wakeup_begin();
  park(unlock_pd, pd, WaitReason::kIOWait);
  external_wakeup_end();
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
  SpinGuard guard(t.lock);
  pd->next_free = t.free;
  t.free = pd;
}

}  // namespace gor::detail
