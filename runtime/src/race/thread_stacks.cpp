#include "thread_stacks.hpp"

#include <pthread.h>

#include <algorithm>
#include <vector>

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
  if (thread == 0) return;
  pthread_attr_t attr;
  if (pthread_getattr_np(pthread_self(), &attr) != 0) return;
  void* low = nullptr;
  size_t size = 0;
  const bool known = pthread_attr_getstack(&attr, &low, &size) == 0;
  pthread_attr_destroy(&attr);
  if (!known) return;
  const auto start = reinterpret_cast<uintptr_t>(low);
  Registry& r = registry();
  SpinGuard guard(r.lock);
  r.stacks.push_back(ThreadStack{start, start + size, thread, pthread_self()});
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
