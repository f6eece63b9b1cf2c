// __gorace_libc_call: the bytes a C library string or formatting function,
// or a read or write system call, read and wrote, worked out after the call from its arguments and
// result (the library itself is not instrumented). Follows ThreadSanitizer's interceptors: a
// comparison reads up to the first difference, a search up to its match, memcmp all n bytes of
// both. Reads and writes also synchronise through one I/O clock, as Go's syscall package does
// (ioSync): __gorace_libc_before releases into it before a write, a successful read acquires it.
#include <sys/stat.h>
#include <sys/uio.h>

#include <cctype>
#include <ctime>

#include <algorithm>
#include <cstring>

#include "entry_point.hpp"
#include "gor/detail/race_hooks.hpp"

namespace {

using gor::detail::race::detecting;
using gor::detail::race::entry_access;
namespace analyzer = gorace::analyzer;

void read(const void* p, size_t n, const __gorace_loc* loc) {
  if (n != 0) entry_access(p, n, analyzer::kRead, loc);
}
void write(const void* p, size_t n, const __gorace_loc* loc) {
  if (n != 0) entry_access(p, n, analyzer::kWrite, loc);
}

/// The sync object of Go's ioSync: every write releases into it (merging),
/// every successful read acquires it.
char g_io_sync;

/// Calls access(part, bytes, loc) for the parts of the `count` buffers of
/// `buffers`, in order, that a readv or writev moving `moved` bytes filled
/// or sent.
void each_moved(const iovec* buffers, size_t count, intptr_t moved, const __gorace_loc* loc,
                void (*access)(const void*, size_t, const __gorace_loc*)) {
  auto left = static_cast<size_t>(moved);
  for (size_t i = 0; i < count && left > 0; i++) {
    const size_t part = std::min(buffers[i].iov_len, left);
    access(buffers[i].iov_base, part, loc);
    left -= part;
  }
}

/// Bytes a strncmp(a, b, limit) compares: through the first difference or
/// terminator, at most `limit`.
size_t compared(const char* a, const char* b, size_t limit) {
  size_t i = 0;
  while (i < limit && a[i] == b[i] && a[i] != '\0') i++;
  return std::min(i + 1, limit);
}

/// Bytes a strncasecmp(a, b, limit) compares: through the first
/// difference ignoring case, or terminator, at most `limit`.
size_t compared_ignoring_case(const char* a, const char* b, size_t limit) {
  size_t i = 0;
  while (i < limit && a[i] != '\0' &&
         std::tolower(static_cast<unsigned char>(a[i])) ==
             std::tolower(static_cast<unsigned char>(b[i])))
    i++;
  return std::min(i + 1, limit);
}

/// The offset of `found` (a pointer into `s`, as intptr_t) plus one.
size_t through(const char* s, intptr_t found) {
  return static_cast<size_t>(reinterpret_cast<const char*>(found) - s) + 1;
}

}  // namespace

extern "C" void __gorace_libc_call(uint32_t function, const void* a, const void* b, size_t n,
                                   intptr_t result, const struct __gorace_loc* loc) {
  if (!detecting()) return;
  const auto* sa = static_cast<const char*>(a);
  const auto* sb = static_cast<const char*>(b);
  switch (function) {
    case GORACE_LIBC_STRLEN:
      read(a, static_cast<size_t>(result) + 1, loc);
      break;
    case GORACE_LIBC_STRNLEN:
      read(a, std::min(static_cast<size_t>(result) + 1, n), loc);
      break;
    case GORACE_LIBC_STRCMP:
    case GORACE_LIBC_STRNCMP: {
      const size_t k = compared(sa, sb, function == GORACE_LIBC_STRCMP ? SIZE_MAX : n);
      read(a, k, loc);
      read(b, k, loc);
      break;
    }
    case GORACE_LIBC_STRCPY:
    case GORACE_LIBC_STPCPY: {
      const size_t len = function == GORACE_LIBC_STRCPY ? std::strlen(sa) : through(sa, result) - 1;
      read(b, len + 1, loc);
      write(a, len + 1, loc);
      break;
    }
    case GORACE_LIBC_STRNCPY:
      read(b, std::min(strnlen(sb, n) + 1, n), loc);
      write(a, n, loc);  // padded with terminators up to n
      break;
    case GORACE_LIBC_STRCAT:
    case GORACE_LIBC_STRNCAT: {
      const size_t total = std::strlen(sa);
      const size_t copied = function == GORACE_LIBC_STRCAT ? std::strlen(sb) : strnlen(sb, n);
      if (copied > total) break;  // overlapping arguments: undefined, nothing sensible to check
      const size_t kept = total - copied;
      read(a, kept + 1, loc);  // the destination's string and its terminator
      read(b, function == GORACE_LIBC_STRCAT || copied < n ? copied + 1 : n, loc);
      write(sa + kept, copied + 1, loc);
      break;
    }
    case GORACE_LIBC_STRCHR:
      read(a, result != 0 ? through(sa, result) : std::strlen(sa) + 1, loc);
      break;
    case GORACE_LIBC_STRRCHR:
      read(a, std::strlen(sa) + 1, loc);
      break;
    case GORACE_LIBC_STRSTR: {
      const size_t needle = std::strlen(sb);
      read(a, result != 0 ? through(sa, result) - 1 + needle : std::strlen(sa) + 1, loc);
      read(b, needle + 1, loc);
      break;
    }
    case GORACE_LIBC_MEMCHR:
      read(a, result != 0 ? through(sa, result) : n, loc);
      break;
    case GORACE_LIBC_MEMCMP:
      read(a, n, loc);
      read(b, n, loc);
      break;
    case GORACE_LIBC_STRDUP:
    case GORACE_LIBC_STRNDUP: {
      if (result == 0) break;  // out of memory: nothing copied
      const size_t len = std::strlen(reinterpret_cast<const char*>(result));
      read(a, function == GORACE_LIBC_STRDUP || len < n ? len + 1 : n, loc);
      break;
    }
    case GORACE_LIBC_SPRINTF:
      if (result >= 0) write(a, static_cast<size_t>(result) + 1, loc);
      break;
    case GORACE_LIBC_SNPRINTF:
      if (result >= 0 && n > 0) write(a, std::min(static_cast<size_t>(result), n - 1) + 1, loc);
      break;
    case GORACE_LIBC_PUTS:
      read(a, std::strlen(sa) + 1, loc);
      break;
    case GORACE_LIBC_FWRITE:  // the items written were read
      if (result > 0) read(a, n * static_cast<size_t>(result), loc);
      break;
    case GORACE_LIBC_FREAD:  // the items read were written
      if (result > 0) write(a, n * static_cast<size_t>(result), loc);
      break;
    case GORACE_LIBC_FGETS:  // a line and its terminator were written
      if (result != 0) write(a, std::strlen(sa) + 1, loc);
      break;
    case GORACE_LIBC_STRCASECMP:
    case GORACE_LIBC_STRNCASECMP: {
      const size_t k =
          compared_ignoring_case(sa, sb, function == GORACE_LIBC_STRCASECMP ? SIZE_MAX : n);
      read(a, k, loc);
      read(b, k, loc);
      break;
    }
    case GORACE_LIBC_STRSPN:  // the span and the byte that ended it; the whole set
      read(a, static_cast<size_t>(result) + 1, loc);
      read(b, std::strlen(sb) + 1, loc);
      break;
    case GORACE_LIBC_STRPBRK:
      read(a, result != 0 ? through(sa, result) : std::strlen(sa) + 1, loc);
      read(b, std::strlen(sb) + 1, loc);
      break;
    case GORACE_LIBC_PATHS:  // freopen's may be null
      if (a != nullptr) read(a, std::strlen(sa) + 1, loc);
      if (b != nullptr) read(b, std::strlen(sb) + 1, loc);
      break;
    case GORACE_LIBC_STAT:
      if (a != nullptr) read(a, std::strlen(sa) + 1, loc);
      if (result == 0) write(b, sizeof(struct stat), loc);
      break;
    case GORACE_LIBC_REALPATH:
      read(a, std::strlen(sa) + 1, loc);
      if (result != 0 && b != nullptr) write(b, std::strlen(sb) + 1, loc);
      break;
    case GORACE_LIBC_TIME_R:
      read(a, sizeof(time_t), loc);
      if (result != 0) write(b, sizeof(struct tm), loc);
      break;
    case GORACE_LIBC_READ:  // the kernel wrote the bytes it returned
      if (result > 0) write(a, std::min(static_cast<size_t>(result), n), loc);
      if (result >= 0) gor::detail::race::acquire(&g_io_sync, "read");
      break;
    case GORACE_LIBC_WRITE:  // and read those it took
      if (result > 0) read(a, std::min(static_cast<size_t>(result), n), loc);
      break;
    case GORACE_LIBC_READV:
      read(a, n * sizeof(iovec), loc);
      if (result > 0) each_moved(static_cast<const iovec*>(a), n, result, loc, write);
      if (result >= 0) gor::detail::race::acquire(&g_io_sync, "readv");
      break;
    case GORACE_LIBC_WRITEV:
      read(a, n * sizeof(iovec), loc);
      if (result > 0) each_moved(static_cast<const iovec*>(a), n, result, loc, read);
      break;
    default:
      break;
  }
}

extern "C" void __gorace_libc_before(uint32_t function) {
  if ((function == GORACE_LIBC_WRITE || function == GORACE_LIBC_WRITEV) && detecting())
    gor::detail::race::release_merge(&g_io_sync,
                                     function == GORACE_LIBC_WRITE ? "write" : "writev");
}
