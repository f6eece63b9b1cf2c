// Formatting calls whose strings are ordered after their writers report
// nothing, whatever the conversions before them: every argument is skipped
// by its type (a wrong one would read a number as a string's address), in
// the variadic and the va_list forms, and in what the optimizer turns
// printf into (puts, fputs, fwrite).
// EXPECT: no race
#include <gor/gor.hpp>

#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <cwchar>

// A va_list form, as a logging helper calls it.
int format_into(char* out, size_t size, const char* format, ...) {
  va_list args;
  va_start(args, format);
  const int n = std::vsnprintf(out, size, format, args);
  va_end(args);
  return n;
}

int main() {
  return gor::main([] {
    auto written = gor::make_chan<char*>();
    gor::go([written] {
      char* s = static_cast<char*>(std::malloc(32));
      std::strcpy(s, "ordered");
      written.send(s);
    });
    char* s = written.recv();
    char out[256];
    wchar_t wide[] = L"wide";
    int count = 0;
    long double big = 1.5L;
    std::snprintf(out, sizeof out, "%c %hhd %hd %lld %zu %jd %td %x %o %e %g %a %Lf %p %s %ls %n",
                  'c', 1, 2, 3LL, size_t{4}, static_cast<intmax_t>(5), ptrdiff_t{6}, 7u, 8u, 9.0,
                  10.0, 11.0, big, static_cast<void*>(out), s, wide, &count);
    std::snprintf(out, sizeof out, "%*.*s|%-8s|%.2s|%5.1f%%|%s", 6, 3, s, s, s, 2.25,
                  static_cast<char*>(nullptr));
    format_into(out, sizeof out, "%d %s %f %s", 1, s, 2.0, s);
    std::printf("%s\n", s);  // puts
    std::printf("%s", s);    // fputs
    std::fputs(s, stdout);
    std::fwrite(s, 1, std::strlen(s), stdout);
    std::printf("\n%2$s %1$s\n", s, s);  // positional: not walked
    std::free(s);
    return count > 0 ? 0 : 1;
  });
}
