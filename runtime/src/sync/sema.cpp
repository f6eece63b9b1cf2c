// Sema's blocking paths: the waiter queue (see gor/detail/sema.hpp).
#include "gor/detail/sema.hpp"

#include "sync/parker.hpp"

namespace gor::detail {

struct SemaWaiter {
  Parker parker;
  SemaWaiter* next = nullptr;
  // Set by a handoff release before waking: the unit is already ours.
  bool handed_unit = false;
};

void Sema::acquire_slow(bool lifo, WaitReason why) {
  SemaWaiter self;
  for (;;) {
    lock_.lock();
    nwait_.fetch_add(1);
    if (try_acquire()) {
      nwait_.fetch_sub(1);
      lock_.unlock();
      return;
    }
    self.next = nullptr;
    if (head_ == nullptr) {
      head_ = tail_ = &self;
    } else if (lifo) {
      self.next = head_;
      head_ = &self;
    } else {
      tail_->next = &self;
      tail_ = &self;
    }
    self.parker.block(lock_, why);
    // The releaser dequeued us and lowered nwait_.
    if (self.handed_unit || try_acquire()) return;
  }
}

void Sema::release(bool handoff) {
  count_.fetch_add(1);
  if (nwait_.load() == 0) return;
  SemaWaiter* w;
  {
    SpinGuard guard(lock_);
    w = head_;  // under lock_, nwait_ is the queue's length
    if (w == nullptr) return;
    head_ = w->next;
    if (head_ == nullptr) tail_ = nullptr;
    nwait_.fetch_sub(1);
  }
  // w is off the queue and still blocked: only our wake() can release it.
  if (handoff && try_acquire()) w->handed_unit = true;
  w->parker.wake();
}

}  // namespace gor::detail
