// The C library calls of libc_more_race without a race: two goroutines read
// the same strings and path names at once (reads do not race), each fills
// its own buffers, and the main goroutine reads what they filled after
// wait(). Also checks what the calls returned.
// EXPECT: no race
#include <limits.h>
#include <stdlib.h>
#include <strings.h>
#include <sys/stat.h>
#include <gor/gor.hpp>

#include <cstdio>
#include <cstring>
#include <ctime>

const char input[] = "0123456789abcdef first line\nsecond line\n";
char text[8] = "Hello", path[8] = "/tmp";
time_t when = 1000;

struct Filled {
  char from_fread[16];
  char from_fgets[32];
  struct stat status;
  struct tm broken_down;
  char resolved[PATH_MAX];
  int answers = 0;
};

void fill(Filled& out) {
  std::FILE* f = fmemopen(const_cast<char*>(input), sizeof input - 1, "r");
  out.answers += std::fread(out.from_fread, 1, sizeof out.from_fread, f) == 16;
  out.answers += std::fgets(out.from_fgets, sizeof out.from_fgets, f) != nullptr;
  out.answers += strcasecmp(text, "hello") == 0;
  out.answers += std::strspn(text, "Hel") == 4;
  out.answers += std::strcspn(text, "o") == 4;
  out.answers += std::strpbrk(text, "lo") == text + 2;
  std::FILE* g = std::fopen(path, "r");  // a directory: opens for reading
  out.answers += g != nullptr;
  out.answers += stat(path, &out.status) == 0;
  out.answers += localtime_r(&when, &out.broken_down) != nullptr;
  out.answers += realpath("/tmp/..", out.resolved) != nullptr;
  if (g != nullptr) std::fclose(g);
  std::fclose(f);
}

int main() {
  return gor::main([] {
    Filled first, second;
    gor::WaitGroup wg;
    wg.go([&] { fill(first); });
    wg.go([&] { fill(second); });
    wg.wait();
    const bool same = std::strcmp(first.from_fgets, " first line\n") == 0 &&
                      std::memcmp(first.from_fread, second.from_fread, 16) == 0 &&
                      S_ISDIR(second.status.st_mode) && first.broken_down.tm_year == 70 &&
                      std::strcmp(second.resolved, "/") == 0;
    std::printf("answers %d %d, same %d\n", first.answers, second.answers, same);
    return first.answers == 10 && second.answers == 10 && same ? 0 : 1;
  });
}
