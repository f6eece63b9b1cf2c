// __gorace_format_args and __gorace_vformat_args: the bytes a printf-family
// call reads through its arguments, found by walking its format with its own
// arguments, as the C library will (ThreadSanitizer's check_printf): the
// format itself, each %s string through its terminator or its precision,
// and the integer a %n writes. __gorace_scan_args: the bytes a scanf-family
// call stored through its arguments, after it returned.
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

/// The bytes a scanf conversion stores (`conversion` its letter, after
/// `length`), for the conversions whose size does not depend on the input;
/// 0 for others.
size_t stored_bytes(char conversion, Length length) {
  switch (conversion) {
    case 'd':
    case 'i':
    case 'o':
    case 'u':
    case 'x':
    case 'X':
    case 'n':
      return written_bytes(length);
    case 'a':
    case 'e':
    case 'f':
    case 'g':
    case 'A':
    case 'E':
    case 'F':
    case 'G':
      return length == Length::kLongDouble ? sizeof(long double)
             : length == Length::kLong     ? sizeof(double)
                                           : sizeof(float);
    case 'p':
      return sizeof(void*);
    default:
      return 0;
  }
}

/// Checks what a scanf-family call with `format` (and `input`, a string, or
/// null for a stream) stored through `args` once it returned `assigned`:
/// its first `assigned` assigning conversions (and the %n among them) are
/// writes, as ThreadSanitizer's scanf_common finds them.
void check_scan(const char* format, const char* input, intptr_t assigned, va_list args,
                const __gorace_loc* loc) {
  check(format, std::strlen(format) + 1, analyzer::kRead, loc);
  if (input != nullptr) check(input, std::strlen(input) + 1, analyzer::kRead, loc);
  for (const char* p = format; assigned > 0 && (p = std::strchr(p, '%')) != nullptr;) {
    ++p;
    if (*p == '%') {
      ++p;
      continue;
    }
    const bool suppressed = *p == '*';
    if (suppressed) ++p;
    const bool allocated = *p == 'm';  // %ms: the C library allocates, stores a pointer
    if (allocated) ++p;
    const int width = read_number(p);
    if (*p == '$') return;  // positional: arguments out of order
    const Length length = read_length(p);
    const char conversion = *p++;
    if (conversion == '[') {  // a scan set: "[]...]" and "[^]...]" hold a ']'
      if (*p == '^') ++p;
      if (*p == ']') ++p;
      while (*p != '\0' && *p != ']') ++p;
      if (*p == '\0') return;
      ++p;
    }
    if (suppressed) continue;
    void* target = va_arg(args, void*);
    if (allocated) {
      check(target, sizeof(char*), analyzer::kWrite, loc);
    } else if (conversion == 's' || conversion == '[' || conversion == 'S') {
      const bool wide = conversion == 'S' || length == Length::kLong;
      const size_t n = wide ? (std::wcslen(static_cast<wchar_t*>(target)) + 1) * sizeof(wchar_t)
                            : std::strlen(static_cast<char*>(target)) + 1;
      check(target, n, analyzer::kWrite, loc);
    } else if (conversion == 'c' || conversion == 'C') {
      const bool wide = conversion == 'C' || length == Length::kLong;
      const size_t chars = width > 0 ? static_cast<size_t>(width) : 1;
      check(target, chars * (wide ? sizeof(wchar_t) : 1), analyzer::kWrite, loc);
    } else if (const size_t n = stored_bytes(conversion, length); n != 0) {
      check(target, n, analyzer::kWrite, loc);
    } else {
      return;  // a conversion this does not know
    }
    if (conversion != 'n') --assigned;
  }
}

}  // namespace

extern "C" void __gorace_scan_args(const char* format, const char* input, intptr_t assigned,
                                   const struct __gorace_loc* loc, ...) {
  if (!detecting() || format == nullptr) return;
  va_list args;
  va_start(args, loc);
  check_scan(format, input, assigned, args, loc);
  va_end(args);
}

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
