#include "thread_stacks.hpp"

#include <pthread.h>

#include <algorithm>
#include <vector>

#include "detail/thread_stack.hpp"
#include "gor/detail/spinlock.hpp"

namespace gor::detail::race {
namespace {

struct ThreadStack {
  uintptr_t low;
  uintptr_t high;
  uint64_t thread;
  pthread_t owner;
};

struct Registry {
  SpinLock lock;
  std::vector<ThreadStack> stacks GOR_GUARDED_BY(lock);  ///< one per live numbered thread
};

Registry& registry() {
  static auto* r = new Registry();  // never destroyed: threads may end after exit starts
  return *r;
}

}  // namespace

void note_thread_stack(uint64_t thread) {
  uintptr_t low = 0;
  size_t size = 0;
  if (thread == 0 || !current_thread_stack(low, size)) return;
  Registry& r = registry();
  SpinGuard guard(r.lock);
  r.stacks.push_back(ThreadStack{low, low + size, thread, pthread_self()});
}

void forget_thread_stack() {
  Registry& r = registry();
  SpinGuard guard(r.lock);
  std::erase_if(r.stacks, [self = pthread_self()](const ThreadStack& s) {
    return pthread_equal(s.owner, self) != 0;
  });
}

uint64_t thread_stack_owner(uintptr_t addr) {
  Registry& r = registry();
  SpinGuard guard(r.lock);
  auto it = std::find_if(r.stacks.begin(), r.stacks.end(),
                         [addr](const ThreadStack& s) { return addr >= s.low && addr < s.high; });
  return it != r.stacks.end() ? it->thread : 0;
}

}  // namespace gor::detail::race
