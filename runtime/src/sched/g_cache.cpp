// The schedulers' free lists of goroutine descriptors, in front of the slab
// (g_alloc.cpp): each worker keeps a short list of its own, spilling half to
// its scheduler's shared list when full and refilling from it when empty.
#include "sched/g.hpp"
#include "sched/sched_impl.hpp"

namespace gor::detail {
namespace {

// Free descriptors a worker keeps for itself, and the most the scheduler
// keeps in all (the rest are deleted).
constexpr uint32_t kLocalFreeGs = 64;
constexpr uint32_t kGlobalFreeGs = 16384;

// Deletes the descriptors of a list linked through G::link.
void delete_list(G* head) {
  while (head != nullptr) {
    G* next = head->link;
    delete head;
    head = next;
  }
}

// Moves half of w's free descriptors to the scheduler's list.
void gfree_spill(Worker* w) {
  G* head = w->free_gs;
  G* last = head;
  for (uint32_t i = 1; i < kLocalFreeGs / 2; ++i) last = last->link;
  w->free_gs = last->link;
  w->n_free_gs -= kLocalFreeGs / 2;
  Sched* s = w->sched;
  {
    SpinGuard guard(s->gfree_lock);
    uint32_t n = s->n_gfree.load(std::memory_order_relaxed);
    if (n < kGlobalFreeGs) {
      last->link = s->gfree;
      s->gfree = head;
      s->n_gfree.store(n + kLocalFreeGs / 2, std::memory_order_relaxed);
      return;
    }
  }
  last->link = nullptr;
  delete_list(head);
}

// Refills w's empty free list with up to half a list from the scheduler's.
void gfree_refill(Worker* w) {
  Sched* s = w->sched;
  if (s->n_gfree.load(std::memory_order_relaxed) == 0) return;
  SpinGuard guard(s->gfree_lock);
  while (s->gfree != nullptr && w->n_free_gs < kLocalFreeGs / 2) {
    G* g = s->gfree;
    s->gfree = g->link;
    s->n_gfree.store(s->n_gfree.load(std::memory_order_relaxed) - 1, std::memory_order_relaxed);
    g->link = w->free_gs;
    w->free_gs = g;
    ++w->n_free_gs;
  }
}

}  // namespace

void gfree_put(Worker* w, G* g) {
  g->link = w->free_gs;
  w->free_gs = g;
  if (++w->n_free_gs >= kLocalFreeGs) gfree_spill(w);
}

void gfree_release(Sched* s) {
  G* head;
  {
    SpinGuard guard(s->gfree_lock);
    head = s->gfree;
    s->gfree = nullptr;
    s->n_gfree.store(0, std::memory_order_relaxed);
  }
  delete_list(head);
}

G* new_g() {
  Worker* w = this_worker();
  if (w != nullptr && w->free_gs == nullptr) gfree_refill(w);
  if (w != nullptr && w->free_gs != nullptr) {
    G* g = w->free_gs;
    w->free_gs = g->link;
    --w->n_free_gs;
    g->link = nullptr;
    g->os_locks = 0;  // its last goroutine may have exited holding one
    g->status.store(GStatus::kRunnable, std::memory_order_relaxed);
    return g;
  }
  return new G();
}

}  // namespace gor::detail
