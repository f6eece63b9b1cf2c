// Lesson 12: gor::Pool, reusing buffers instead of allocating one per request.
//
// The Go program it mirrors:
//
//   var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}
//
//   func render(id int) int {
//       buf := bufPool.Get().(*bytes.Buffer)
//       buf.Reset()                   // a pooled buffer holds old data
//       fmt.Fprintf(buf, "response %d", id)
//       n := buf.Len()
//       bufPool.Put(buf)              // hand it back; never use it after Put
//       return n
//   }
//
// get() returns a pooled object or a new one from the factory; put() hands
// one back. A Pool may drop objects at any time (Go's drops some under the
// race detector), so it is a cache, never a place to keep state.
#include <gor/gor.hpp>

#include <atomic>
#include <cstdio>
#include <memory>
#include <string>

static std::atomic<int> buffers_created{0};

// Buffers are held by unique_ptr: moving one in and out of the pool never
// copies its storage.
using BufferPool = gor::Pool<std::unique_ptr<std::string>>;

// A new, empty buffer: the pool's factory (Go's Pool.New).
static std::unique_ptr<std::string> new_buffer() {
  buffers_created.fetch_add(1);
  auto buf = std::make_unique<std::string>();
  buf->reserve(256);
  return buf;
}

// Renders response `id` in a pooled buffer; returns its length.
static size_t render(BufferPool& pool, int worker, int id) {
  std::unique_ptr<std::string> buf = pool.get();
  buf->clear();  // a pooled buffer holds the previous user's data
  *buf += "response " + std::to_string(id) + " from worker " + std::to_string(worker) + "\n";
  size_t n = buf->size();
  pool.put(std::move(buf));  // buf is empty (moved from) after this
  return n;
}

int main() {
  return gor::main([] {
    BufferPool pool(new_buffer);  // outlives every goroutine using it (wg.wait below)
    constexpr int kWorkers = 4, kRequests = 25;
    size_t bytes[kWorkers] = {};
    gor::WaitGroup wg;
    for (int w = 0; w < kWorkers; ++w) {
      wg.go([&pool, &bytes, w] {
        for (int r = 0; r < kRequests; ++r) bytes[w] += render(pool, w, w * kRequests + r);
      });
    }
    wg.wait();
    size_t total = 0;
    for (size_t b : bytes) total += b;
    std::printf("rendered %d responses, %zu bytes\n", kWorkers * kRequests, total);
    // How many buffers were needed depends on the schedule: at most one per
    // goroutine rendering at the same moment, plus any the pool dropped.
    std::fprintf(stderr, "buffers created: %d for %d responses\n", buffers_created.load(),
                 kWorkers * kRequests);
  });
}
