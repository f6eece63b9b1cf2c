#include "block_pool.hpp"

#include <pthread.h>

#include <bit>
#include <cstdint>
#include <cstdlib>
#include <mutex>
#include <new>

#include "spin_lock.hpp"

namespace gorace::analyzer {
namespace {

// Size classes: 64, 128, 256, 512 and 1024 bytes.
constexpr int kClasses = 5;
constexpr size_t kMinBlock = 64;
static_assert(kMinBlock << (kClasses - 1) == BlockPool::kMaxBlock);

int class_of(size_t size) {
  return size <= kMinBlock ? 0 : std::bit_width(size - 1) - std::bit_width(kMinBlock - 1);
}
size_t class_size(int c) {
  return kMinBlock << c;
}
/// Blocks moved between a thread and the central list at a time (8 KiB).
uint32_t batch_blocks(int c) {
  return static_cast<uint32_t>(8192 / class_size(c));
}

/// A free block. A batch is a list of blocks whose first block also links
/// the next batch and knows the batch's length.
struct Block {
  Block* next;
  Block* next_batch;
  uint32_t count;
};
static_assert(sizeof(Block) <= kMinBlock);

struct Central {
  SpinLock lock;
  Block* batches = nullptr;  ///< guarded by lock
};

Central* make_central_lists();

Central& central(int c) {
  static Central* all = make_central_lists();  // never destroyed: threads outlive statics
  return all[c];
}

// A fork child must find the central lists unlocked: it may end a thread
// (hand its lists back) although the threads that held their locks are gone.
void lock_central_lists() {
  for (int c = 0; c < kClasses; c++) central(c).lock.lock();
}
void unlock_central_lists() {
  for (int c = kClasses - 1; c >= 0; c--) central(c).lock.unlock();
}

Central* make_central_lists() {
  auto* all = new Central[kClasses];
  pthread_atfork(lock_central_lists, unlock_central_lists, unlock_central_lists);
  return all;
}

void push_batch(int c, Block* first, uint32_t count) {
  first->count = count;
  Central& central_list = central(c);
  std::lock_guard<SpinLock> guard(central_list.lock);
  first->next_batch = central_list.batches;
  central_list.batches = first;
}

Block* pop_batch(int c) {
  Central& central_list = central(c);
  std::lock_guard<SpinLock> guard(central_list.lock);
  Block* first = central_list.batches;
  if (first != nullptr) central_list.batches = first->next_batch;
  return first;
}

/// One block of the central list's first batch, or null if it has none
/// (for a thread whose own list is gone).
Block* pop_block(int c) {
  Central& central_list = central(c);
  std::lock_guard<SpinLock> guard(central_list.lock);
  Block* first = central_list.batches;
  if (first == nullptr) return nullptr;
  Block* rest = first->next;
  if (rest != nullptr) {
    rest->next_batch = first->next_batch;
    rest->count = first->count - 1;
    central_list.batches = rest;
  } else {
    central_list.batches = first->next_batch;
  }
  return first;
}

/// A thread's free lists. Trivially constructed and destroyed: a
/// thread_local needing either would make every access in this file run
/// the thread's TLS initialisation, which at thread exit registers a
/// destructor that never runs. Their end comes from a pthread key (arm).
struct Cache {
  Block* head[kClasses];
  uint32_t count[kClasses];
  bool armed;    ///< the thread's key value is set: its end hands the lists back
  bool flushed;  ///< the lists were handed back: every block goes through the central list
};
thread_local Cache t_cache;

void hand_back_at_thread_end(void*) {
  BlockPool::release_thread_cache();
}

pthread_key_t thread_end_key() {
  static const pthread_key_t key = [] {
    pthread_key_t k;
    if (pthread_key_create(&k, hand_back_at_thread_end) != 0) std::abort();
    return k;
  }();
  return key;
}

void arm(Cache& t) {
  pthread_setspecific(thread_end_key(), &t);
  t.armed = true;
}

/// allocate() for an empty list: a batch from the central list, else a new
/// slab of a batch's worth of blocks.
void* refill(Cache& t, int c) {
  if (t.flushed) {
    if (Block* b = pop_block(c)) return b;
    return ::operator new(class_size(c));
  }
  if (!t.armed) arm(t);
  Block* first = pop_batch(c);
  if (first != nullptr) {
    t.head[c] = first->next;
    t.count[c] = first->count - 1;
    return first;
  }
  const uint32_t n = batch_blocks(c);
  // Line-aligned, so that a block shares no cache line with its neighbours
  // (another goroutine's records, written on another core).
  const size_t bytes = n * class_size(c);
  char* slab = static_cast<char*>(::operator new (bytes, std::align_val_t{64}));
  Block* list = nullptr;
  for (uint32_t i = n - 1; i >= 1; i--) {
    auto* b = reinterpret_cast<Block*>(slab + i * class_size(c));
    b->next = list;
    list = b;
  }
  t.head[c] = list;
  t.count[c] = n - 1;
  return slab;
}

/// Moves one batch from the thread's list `c` to the central list.
void spill(Cache& t, int c) {
  const uint32_t n = batch_blocks(c);
  Block* first = t.head[c];
  Block* last = first;
  for (uint32_t i = 1; i < n; i++) last = last->next;
  t.head[c] = last->next;
  t.count[c] -= n;
  last->next = nullptr;
  push_batch(c, first, n);
}

}  // namespace

void* BlockPool::allocate(size_t size) {
  if (!kPools || size > kMaxBlock) return ::operator new(size);
  const int c = class_of(size);
  Cache& t = t_cache;
  Block* b = t.head[c];
  if (b == nullptr) [[unlikely]]
    return refill(t, c);
  t.head[c] = b->next;
  t.count[c]--;
  // The next block was most likely freed on another thread: fetch its line
  // now, so that the next call's read of its link does not wait for it.
  if (t.head[c] != nullptr) __builtin_prefetch(t.head[c], 1);
  return b;
}

void BlockPool::deallocate(void* p, size_t size) noexcept {
  if (!kPools || size > kMaxBlock) {
    ::operator delete(p);
    return;
  }
  const int c = class_of(size);
  Cache& t = t_cache;
  auto* b = static_cast<Block*>(p);
  if (!t.armed || t.flushed) [[unlikely]] {
    if (t.flushed) {
      b->next = nullptr;
      push_batch(c, b, 1);
      return;
    }
    arm(t);
  }
  b->next = t.head[c];
  t.head[c] = b;
  if (++t.count[c] >= 2 * batch_blocks(c)) [[unlikely]]
    spill(t, c);
}

void BlockPool::release_thread_cache() noexcept {
  Cache& t = t_cache;
  for (int c = 0; c < kClasses; c++) {
    if (t.head[c] != nullptr) push_batch(c, t.head[c], t.count[c]);
    t.head[c] = nullptr;
    t.count[c] = 0;
  }
  t.flushed = true;
}

}  // namespace gorace::analyzer
