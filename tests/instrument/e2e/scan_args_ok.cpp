// Every kind of scanf conversion, stored by two goroutines into their own
// variables and read back after wait(); an input string both read at once
// (reads do not race); suppressed (%*d) and unassigned conversions store
// nothing, so the shared variable after them is not written.
// EXPECT: no race
#include <gor/gor.hpp>

#include <cstdio>
#include <cstdlib>
#include <cstring>

const char input[] = "7 -8 9 3.5 2.25 text [abc] xy 0x10 rest";
int untouched = 1;  // after the input ends: never assigned

struct Parsed {
  short h;
  long l;
  long long ll;
  float f;
  double d;
  char s[8];
  char set[8];
  char pair[2];
  void* p;
  int consumed;
  char* allocated;
  int assigned;
};

void parse(Parsed& out) {
  out.assigned = std::sscanf(input, "%hd %*d %ld %f %lf %7s [%7[a-z]] %2c %p %n%ms %lld %d", &out.h,
                             &out.l, &out.f, &out.d, out.s, out.set, out.pair, &out.p,
                             &out.consumed, &out.allocated, &out.ll, &untouched);
}

int main() {
  return gor::main([] {
    Parsed first{}, second{};
    gor::WaitGroup wg;
    wg.go([&] { parse(first); });
    wg.go([&] { parse(second); });
    wg.wait();
    const bool right =
        first.assigned == 9 && first.h == 7 && first.l == 9 && first.f == 3.5f && first.d == 2.25 &&
        std::strcmp(first.s, "text") == 0 && std::strcmp(first.set, "abc") == 0 &&
        std::memcmp(first.pair, "xy", 2) == 0 && first.p == reinterpret_cast<void*>(0x10) &&
        std::strcmp(first.allocated, "rest") == 0 && second.assigned == 9 && untouched == 1;
    std::printf("assigned %d %d, consumed %d, right %d\n", first.assigned, second.assigned,
                first.consumed, right);
    std::free(first.allocated);
    std::free(second.allocated);
    return right ? 0 : 1;
  });
}
