// Shadow memory of memory accessed a word at a time: goroutines taking
// turns at 16 MiB of longs, in an order no loop check covers, each reading
// and writing every element. Each granule then holds at most two cells
// (the last writer's and a reader's), kept beside it: 16 bytes of shadow
// per 8 (2x). The program fails if its memory grew by more than the
// application's bytes plus 2.5 times them (with four cells per granule,
// the shadow was 4x).
// EXPECT: no race
#include <sys/mman.h>
#include <gor/gor.hpp>

#include <cstdio>
#include <cstdlib>

#include "resident.hpp"

namespace {

constexpr size_t kBytes = 16 << 20;
constexpr size_t kLongs = kBytes / sizeof(long);
constexpr size_t kStride = 7919;  // prime: visits every element, scattered

void touch_all(long* p) {
  for (size_t i = 0; i < kLongs; i++) p[(i * kStride) % kLongs] += 1;
}

}  // namespace

int main() {
  bool within = false;
  const int status = gor::main([&] {
    const long before = resident_kib();
    void* mem = mmap(nullptr, kBytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (mem == MAP_FAILED) return;
    auto* p = static_cast<long*>(mem);
    touch_all(p);
    auto turn = gor::make_chan<int>();
    gor::go([=] {
      turn.recv();
      touch_all(p);
      turn.send(1);
    });
    turn.send(1);
    turn.recv();
    touch_all(p);
    const double shadow = (static_cast<double>(resident_kib() - before) * 1024 - kBytes) / kBytes;
    std::printf("shadow: %.2fx of the application's memory\n", shadow);
    within = shadow <= 2.5;
  });
  return status != 0 ? status : within ? 0 : 1;
}
