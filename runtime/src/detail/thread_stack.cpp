#include "detail/thread_stack.hpp"

#include <pthread.h>

namespace gor::detail {

bool current_thread_stack(uintptr_t& low, size_t& size) {
  pthread_attr_t attr;
  if (pthread_getattr_np(pthread_self(), &attr) != 0) return false;
  void* start = nullptr;
  size_t bytes = 0;
  const bool known = pthread_attr_getstack(&attr, &start, &bytes) == 0;
  pthread_attr_destroy(&attr);
  if (!known) return false;
  low = reinterpret_cast<uintptr_t>(start);
  size = bytes;
  return true;
}

}  // namespace gor::detail
