// snprintf writes a buffer inside the C library while another goroutine
// reads it: the call is checked after it returns, at the call.
// EXPECT: race
// LOCATION: global 'message'
#include <gor/gor.hpp>

#include <cstdio>
#include <cstring>

char message[64];

int main() {
  return gor::main([] {
    gor::WaitGroup wg;
    wg.go([] {
      std::snprintf(message, sizeof message, "hello %d", 42);  // RACE: A
    });
    volatile size_t length = std::strlen(message);  // RACE: B
    wg.wait();
    std::printf("%zu\n", length);
  });
}
