// fputs and fwrite read their buffers in the uninstrumented C library (and
// the optimizer turns printf("%s\n", s) into puts): a goroutine writing a
// buffer unordered with its output races, once per buffer.
// EXPECT: race
// REPORTS: 2
#include <gor/gor.hpp>

#include <chrono>
#include <cstdio>

using namespace std::chrono_literals;

char line[16] = "hello\n";
char record[8] = "abcdefg";

int main() {
  return gor::main([] {
    gor::WaitGroup wg;
    wg.go([] {
      line[0] = 'H';  // RACE: A
      record[0] = 'A';
    });
    gor::sleep(10ms);
    std::fputs(line, stdout);  // RACE: B
    std::fwrite(record, 1, sizeof record - 1, stdout);
    wg.wait();
  });
}
