// __gorace_format_args and __gorace_vformat_args: the bytes a printf-family
// call reads through its arguments, found by walking its format with its own
// arguments, as the C library will (ThreadSanitizer's check_printf): the
// format itself, each %s string through its terminator or its precision,
// and the integer a %n writes.
#include <algorithm>
#include <cstdarg>
#include <cstdint>
#include <cstring>
#include <cwchar>

#include "entry_point.hpp"

namespace {

namespace analyzer = gorace::analyzer;
using gor::detail::race::detecting;

/// Checks an access of the call's. Unlike an instrumented access, not a
/// scheduling point: the call is one operation, and a program whose loop
/// only prints keeps its deterministic schedules.
void check(const void* addr, size_t size, uint8_t flags, const __gorace_loc* loc) {
  gor::detail::race::checked_access(addr, size, flags, loc);
}

/// A conversion's length modifier.
enum class Length { kNone, kChar, kShort, kLong, kLongLong, kLongDouble, kSize };

/// Reads a decimal number at `p`, leaving `p` after it.
int read_number(const char*& p) {
  int n = 0;
  while (*p >= '0' && *p <= '9') n = n * 10 + (*p++ - '0');
  return n;
}

/// The length modifier at `p`, leaving `p` after it.
Length read_length(const char*& p) {
  switch (*p) {
    case 'h':
      return *++p == 'h' ? (++p, Length::kChar) : Length::kShort;
    case 'l':
      return *++p == 'l' ? (++p, Length::kLongLong) : Length::kLong;
    case 'q':
      ++p;
      return Length::kLongLong;
    case 'L':
      ++p;
      return Length::kLongDouble;
    case 'j':
    case 'z':
    case 'Z':
    case 't':
      ++p;
      return Length::kSize;
    default:
      return Length::kNone;
  }
}

/// The bytes of a %n's integer.
size_t written_bytes(Length length) {
  switch (length) {
    case Length::kChar:
      return 1;
    case Length::kShort:
      return 2;
    case Length::kNone:
      return 4;
    default:
      return 8;
  }
}

/// Checks what a call with `format` and `args` reads and writes.
void check_format(const char* format, va_list args, const __gorace_loc* loc) {
  check(format, std::strlen(format) + 1, analyzer::kRead, loc);
  for (const char* p = format; (p = std::strchr(p, '%')) != nullptr;) {
    ++p;
    if (*p == '%') {
      ++p;
      continue;
    }
    const char* start = p;
    read_number(p);
    if (*p == '$') return;  // positional: arguments out of order
    p = start;
    while (*p != '\0' && std::strchr("-+ #0'I", *p) != nullptr) ++p;
    if (*p == '*') {
      ++p;
      (void)va_arg(args, int);
    } else {
      read_number(p);
    }
    int precision = -1;
    if (*p == '.') {
      ++p;
      if (*p == '*') {
        ++p;
        precision = std::max(va_arg(args, int), -1);  // negative: none
      } else {
        precision = read_number(p);
      }
    }
    const Length length = read_length(p);
    const bool wide_length = length == Length::kLong;
    switch (*p++) {
      case 'd':
      case 'i':
      case 'o':
      case 'u':
      case 'x':
      case 'X':
      case 'b':
      case 'B':
        if (length == Length::kLong || length == Length::kLongLong || length == Length::kSize) {
          (void)va_arg(args, long);
        } else {
          (void)va_arg(args, int);
        }
        break;
      case 'c':
      case 'C':
        (void)va_arg(args, int);  // int, or wint_t (promoted alike)
        break;
      case 'e':
      case 'E':
      case 'f':
      case 'F':
      case 'g':
      case 'G':
      case 'a':
      case 'A':
        if (length == Length::kLongDouble) {
          (void)va_arg(args, long double);
        } else {
          (void)va_arg(args, double);
        }
        break;
      case 'p':
        (void)va_arg(args, void*);
        break;
      case 'm':
        break;  // strerror(errno): no argument
      case 's':
      case 'S': {
        if (p[-1] == 'S' || wide_length) {
          const auto* s = va_arg(args, const wchar_t*);
          if (s == nullptr) break;  // printed "(null)"
          size_t n = std::wcslen(s) + 1;
          if (precision >= 0) n = std::min(n, static_cast<size_t>(precision));
          check(s, n * sizeof(wchar_t), analyzer::kRead, loc);
        } else {
          const auto* s = va_arg(args, const char*);
          if (s == nullptr) break;
          const size_t n = precision >= 0 ? std::min(strnlen(s, static_cast<size_t>(precision)) + 1,
                                                     static_cast<size_t>(precision))
                                          : std::strlen(s) + 1;
          if (n != 0) check(s, n, analyzer::kRead, loc);
        }
        break;
      }
      case 'n':
        check(va_arg(args, void*), written_bytes(length), analyzer::kWrite, loc);
        break;
      default:
        return;  // a conversion this does not know: its argument's type is unknown
    }
  }
}

}  // namespace

extern "C" void __gorace_format_args(const char* format, const struct __gorace_loc* loc, ...) {
  if (!detecting() || format == nullptr) return;
  va_list args;
  va_start(args, loc);
  check_format(format, args, loc);
  va_end(args);
}

extern "C" void __gorace_vformat_args(const char* format, va_list args,
                                      const struct __gorace_loc* loc) {
  if (!detecting() || format == nullptr) return;
  va_list copy;
  va_copy(copy, args);
  check_format(format, copy, loc);
  va_end(copy);
}
