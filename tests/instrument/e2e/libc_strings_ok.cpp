// C string functions read and write exactly what the C library does: a
// comparison stops at the first difference, a search at its match, a copy
// at the terminator. Another goroutine writing right past those bytes
// meanwhile does not race them; every function runs once here.
// EXPECT: no race
#include <gor/gor.hpp>

#include <cstdio>
#include <cstdlib>
#include <cstring>

char text[64] = "abc";  // bytes 0..3 are read, 8.. are written concurrently
char copy[64];          // written through the library, read after the join
char number[16];

int main() {
  return gor::main([] {
    gor::WaitGroup wg;
    wg.go([] {  // writes only text[8..]
      for (int i = 8; i < 64; i++) text[i] = 'z';
    });
    wg.go([] {  // reads only text[0..3], within the strings and up to the matches
      int r = 0;
      r += static_cast<int>(std::strlen(text));
      r += static_cast<int>(strnlen(text, 2));
      r += std::strcmp(text, "abd") < 0;
      r += std::strncmp(text, "ab", 2) == 0;
      r += std::strchr(text, 'b') != nullptr;
      r += std::strrchr(text, 'c') != nullptr;
      r += std::strstr(text, "bc") != nullptr;
      r += std::memchr(text, 'a', 64) != nullptr;
      r += std::memcmp(text, "abc", 3) == 0;
      char* dup = strdup(text);
      char* part = strndup(text, 2);
      r += dup[0] + part[0];
      std::free(dup);
      std::free(part);
      std::strcpy(copy, text);
      std::strcat(copy, "de");
      std::strncat(copy, "fgh", 1);
      r += static_cast<int>(std::strlen(stpcpy(copy + 6, "g") - 7));
      std::strncpy(copy + 8, "h", 4);
      std::snprintf(number, sizeof number, "%d", r);
      std::sprintf(number + 8, "%d", r);
    });
    wg.wait();
    std::printf("%s %s %s\n", copy, number, number + 8);  // after the join: ordered
  });
}
