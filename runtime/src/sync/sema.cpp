// Sema's blocking paths: the waiter queue (see gor/detail/sema.hpp).
#include "gor/detail/sema.hpp"

#include "sync/parker.hpp"

namespace gor::detail {

struct SemaWaiter {
  Parker parker;
  const Sema* sema = nullptr;  // the semaphore it waits on
  SemaWaiter* next = nullptr;
  // Set by a handoff release before waking: the unit is already ours.
  bool handed_unit = false;
};

namespace {

// The waiters of the semaphores whose addresses hash to one bucket.
// Invariants: nwait counts the acquirers that are queued or about to be (it
// is raised under lock before the final try_acquire, so a release that sees
// nwait == 0 after raising count_ has no waiter to wake); head/tail: FIFO of
// the queued waiters of all those semaphores, each naming its own.
struct Bucket {
  SpinLock lock;
  std::atomic<uint32_t> nwait{0};
  SemaWaiter* head GOR_GUARDED_BY(lock) = nullptr;
  SemaWaiter* tail GOR_GUARDED_BY(lock) = nullptr;
};

constexpr size_t kBuckets = 251;  // prime, as Go's semTabSize

Bucket& bucket_of(const Sema* sema) {
  static Bucket* table = new Bucket[kBuckets];  // never freed: used until exit
  return table[(reinterpret_cast<uintptr_t>(sema) >> 3) % kBuckets];
}

}  // namespace

void Sema::acquire_slow(bool lifo, WaitReason why) {
  Bucket& b = bucket_of(this);
  SemaWaiter self;
  self.sema = this;
  for (;;) {
    b.lock.lock();
    b.nwait.fetch_add(1);
    if (try_acquire()) {
      b.nwait.fetch_sub(1);
      b.lock.unlock();
      return;
    }
    self.next = nullptr;
    if (b.head == nullptr) {
      b.head = b.tail = &self;
    } else if (lifo) {
      self.next = b.head;
      b.head = &self;
    } else {
      b.tail->next = &self;
      b.tail = &self;
    }
    self.parker.block(b.lock, why);
    // The releaser dequeued us and lowered nwait.
    if (self.handed_unit || try_acquire()) return;
  }
}

void Sema::release(bool handoff) {
  Bucket& b = bucket_of(this);  // the address only: no read of the object
  count_.fetch_add(1);
  // From here the object may be gone unless one of its waiters is queued.
  if (b.nwait.load() == 0) return;
  SemaWaiter* w = nullptr;
  {
    SpinGuard guard(b.lock);
    SemaWaiter* prev = nullptr;
    for (SemaWaiter* it = b.head; it != nullptr; prev = it, it = it->next) {
      if (it->sema != this) continue;
      w = it;
      (prev == nullptr ? b.head : prev->next) = it->next;
      if (b.tail == it) b.tail = prev;
      b.nwait.fetch_sub(1);
      break;
    }
  }
  if (w == nullptr) return;
  // w is off the queue and still blocked (so the object lives): only our
  // wake() can release it.
  if (handoff && try_acquire()) w->handed_unit = true;
  w->parker.wake();
}

}  // namespace gor::detail
