// Cond's waiter list (see gor/cond.hpp). A waiter queues itself before it
// unlocks the mutex, so a signal sent between the unlock and the park still
// picks it: the signaller marks it `signaled`, and the waiter, checking under
// the list's lock, then does not park at all.
#include "gor/cond.hpp"

#include "sync/parker.hpp"

namespace gor {
namespace detail {

struct CondWaiter {
  Parker parker;
  CondWaiter* next = nullptr;
  bool signaled = false;  // picked by signal()/broadcast() (under Cond::lock_)
  bool parked = false;    // blocked in parker (under Cond::lock_): needs a wake()
};

}  // namespace detail

// (The mutex is held by the caller on entry and exit; callers usually hold
// it through unannotated std::unique_lock, so it is not annotated.)
void Cond::wait() GOR_NO_THREAD_SAFETY_ANALYSIS {
  detail::sched_point();  // deterministic mode: the strategy may switch here
  detail::CondWaiter self;
  {
    detail::SpinGuard guard(lock_);
    if (tail_ == nullptr) {
      head_ = tail_ = &self;
    } else {
      tail_->next = &self;
      tail_ = &self;
    }
  }
  mutex_.unlock();
  lock_.lock();
  if (self.signaled) {
    lock_.unlock();
  } else {
    self.parked = true;
    self.parker.block(lock_, detail::WaitReason::kCond);
  }
  mutex_.lock();
}

void Cond::signal() {
  detail::sched_point();  // deterministic mode: the strategy may switch here
  detail::CondWaiter* picked;
  {
    detail::SpinGuard guard(lock_);
    picked = head_;
    if (picked == nullptr) return;
    head_ = picked->next;
    if (head_ == nullptr) tail_ = nullptr;
    picked->signaled = true;
    // An unparked waiter sees `signaled` and returns on its own: it may be
    // gone once lock_ is released, so only a parked one is touched later.
    if (!picked->parked) return;
  }
  picked->parker.wake();
}

void Cond::broadcast() {
  detail::sched_point();                 // deterministic mode: the strategy may switch here
  detail::CondWaiter* parked = nullptr;  // the parked waiters, relinked in FIFO order
  detail::CondWaiter** link = &parked;
  {
    detail::SpinGuard guard(lock_);
    for (detail::CondWaiter* w = head_; w != nullptr;) {
      detail::CondWaiter* next = w->next;
      w->signaled = true;
      if (w->parked) {
        w->next = nullptr;
        *link = w;
        link = &w->next;
      }
      w = next;
    }
    head_ = tail_ = nullptr;
  }
  while (parked != nullptr) {
    detail::CondWaiter* next = parked->next;  // read before the waiter may leave
    parked->parker.wake();
    parked = next;
  }
}

}  // namespace gor
