#include "sched/thread_census.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <cstring>

namespace gor::detail {
namespace {

std::atomic<long> g_accounted{0};

// The "Threads:" field of /proc/self/status, or -1.
long process_threads() noexcept {
  int fd = open("/proc/self/status", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return -1;
  char buf[4096];
  ssize_t n = read(fd, buf, sizeof buf - 1);
  close(fd);
  if (n <= 0) return -1;
  buf[n] = '\0';
  const char* field = std::strstr(buf, "\nThreads:");
  return field != nullptr ? std::strtol(field + 9, nullptr, 10) : -1;
}

}  // namespace

void census_enter() noexcept {
  g_accounted.fetch_add(1, std::memory_order_acq_rel);
}

void census_leave() noexcept {
  g_accounted.fetch_sub(1, std::memory_order_acq_rel);
}

bool unaccounted_threads() noexcept {
  long threads = process_threads();
  return threads < 0 || threads > g_accounted.load(std::memory_order_acquire);
}

}  // namespace gor::detail
