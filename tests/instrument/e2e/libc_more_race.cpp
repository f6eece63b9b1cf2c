// C library calls that read or write the program's memory inside libc, each
// racing a plain write of another goroutine (TSan's interceptors check
// them): fread and fgets fill a buffer; strcasecmp, strspn, strcspn and
// strpbrk read strings; fopen and stat read a path name; stat fills a struct
// stat, localtime_r a struct tm, realpath a buffer.
// EXPECT: race
// LOCATION: libc_more_race.cpp:52
// LOCATION: libc_more_race.cpp:53
// LOCATION: libc_more_race.cpp:54
// LOCATION: libc_more_race.cpp:55
// LOCATION: libc_more_race.cpp:56
// LOCATION: libc_more_race.cpp:57
// LOCATION: libc_more_race.cpp:58
// LOCATION: libc_more_race.cpp:59
// LOCATION: libc_more_race.cpp:60
#include <limits.h>
#include <stdlib.h>
#include <strings.h>
#include <sys/stat.h>
#include <gor/gor.hpp>

#include <cstdio>
#include <cstring>
#include <ctime>

char input[] = "0123456789abcdef first line\nsecond line\n";
char from_fread[16], from_fgets[32];
char text1[8] = "Hello", text2[8] = "Hello", text3[8] = "Hello", text4[8] = "Hello";
char path[8] = "/", path2[8] = "/tmp", resolved[PATH_MAX];
struct stat status;
struct tm broken_down;
time_t when = 1000;

// Plain writes of another goroutine, unordered with the calls below.
void touch_all() {
  from_fread[0] = 1;
  from_fgets[0] = 1;
  text1[1] = 'E';
  text2[0] = 'h';
  text3[1] = 'E';
  text4[1] = 'E';
  path[0] = '/';
  status.st_mode = 0;
  broken_down.tm_year = 0;
  resolved[0] = 0;
}

void call_all() {
  std::FILE* f = fmemopen(input, sizeof input - 1, "r");
  volatile size_t sink = 0;
  sink += std::fread(from_fread, 1, sizeof from_fread, f);  // RACE: A
  sink += std::fgets(from_fgets, sizeof from_fgets, f) != nullptr;
  sink += strcasecmp(text1, "hello");
  sink += std::strspn(text2, "Hel");
  sink += std::strcspn(text3, "o");
  sink += std::strpbrk(text4, "o") != nullptr;
  std::FILE* g = std::fopen(path, "r");
  sink += stat(path2, &status);
  sink += localtime_r(&when, &broken_down) != nullptr;
  sink += realpath("/tmp/..", resolved) != nullptr;
  if (g != nullptr) std::fclose(g);
  std::fclose(f);
}

int main() {
  return gor::main([] {
    gor::WaitGroup wg;
    wg.go(call_all);
    touch_all();  // RACE: B
    wg.wait();
  });
}
