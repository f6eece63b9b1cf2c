// A block zeroed by its constructor (a memset) and then filled by a loop:
// at -O2 the memset's range check is dropped, as the loop's check before
// the loop covers the same bytes (instrument/src/covered_ranges.hpp). A
// read racing the block is still reported, at the line that builds and
// fills it (one line, so that -O0, which checks the memset and each
// element, names the same line).
// EXPECT: race
#include <gor/gor.hpp>

#include <atomic>
#include <cstdio>
#include <vector>

std::atomic<long*> published{nullptr};

int main() {
  return gor::main([] {
    auto read_done = gor::make_chan<int>();
    gor::WaitGroup wg;
    wg.add(1);
    gor::go([&] {
      std::vector<long> blk(512); for (long j = 0; j < 512; ++j) blk[static_cast<size_t>(j)] = j;  // RACE: A
      published.store(blk.data(), std::memory_order_relaxed);  // relaxed: no happens-before edge
      read_done.recv();  // blk outlives the read
      wg.done();
    });
    long* data = nullptr;
    while ((data = published.load(std::memory_order_relaxed)) == nullptr) gor::yield();
    std::printf("%ld\n", data[100]);  // RACE: B
    read_done.send(1);
    wg.wait();
  });
}
