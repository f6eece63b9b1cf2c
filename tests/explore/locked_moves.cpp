// Test program (regression): program code that the runtime runs under one of
// its internal locks must not be switched out in deterministic mode. A
// channel moves its elements under the channel's lock (send, receive, select,
// a buffered element handed to a parked receiver); a Pool builds and moves its
// cached objects. Payload's copy and move do instrumented accesses, each a
// scheduling point: a goroutine switched out there would keep the channel's
// lock, and the next goroutine to touch the channel would spin on it forever
// on the one processor. No race, no deadlock: every run exits 0.
#include <gor/gor.hpp>

#include <cstdio>

namespace {

// A value whose copy and move read and write its fields (instrumented).
struct Payload {
  int value = 0;
  int moves = 0;

  Payload() = default;
  explicit Payload(int v) : value(v) {}
  Payload(const Payload& o) : value(o.value), moves(o.moves) {}
  Payload(Payload&& o) noexcept : value(o.value), moves(o.moves + 1) { o.value = -1; }
  Payload& operator=(const Payload& o) {
    value = o.value;
    moves = o.moves;
    return *this;
  }
  Payload& operator=(Payload&& o) noexcept {
    value = o.value;
    moves = o.moves + 1;
    o.value = -1;
    return *this;
  }
};

constexpr int kProducers = 3;
constexpr int kItems = 8;

}  // namespace

int main() {
  return gor::main([] {
    auto buffered = gor::make_chan<Payload>(2);
    auto unbuffered = gor::make_chan<Payload>();
    gor::Pool<Payload> pool([] { return Payload(0); });
    gor::WaitGroup producers;
    for (int p = 0; p < kProducers; ++p) {
      producers.go([=, &pool] {
        for (int i = 0; i < kItems; ++i) {
          Payload item = pool.get();
          item.value = p * 100 + i;
          if (i % 2 == 0) {
            buffered.send(std::move(item));
          } else {
            gor::select(gor::send(unbuffered, item), gor::send(buffered, item));
          }
          pool.put(Payload(i));
        }
      });
    }
    gor::go([=, &producers] {
      producers.wait();
      buffered.close();
      unbuffered.close();
    });
    long sum = 0;
    int received = 0;
    bool buffered_open = true;
    bool unbuffered_open = true;
    while (buffered_open || unbuffered_open) {
      auto take = [&](bool& open) {
        return [&](Payload v, bool ok) {
          if (!ok) {
            open = false;
            return;
          }
          sum += v.value;
          ++received;
        };
      };
      if (buffered_open && unbuffered_open) {
        gor::select(gor::recv(buffered, take(buffered_open)),
                    gor::recv(unbuffered, take(unbuffered_open)));
      } else if (buffered_open) {
        auto [v, ok] = buffered.recv_ok();
        take(buffered_open)(std::move(v), ok);
      } else {
        auto [v, ok] = unbuffered.recv_ok();
        take(unbuffered_open)(std::move(v), ok);
      }
    }
    std::printf("received %d items, sum %ld\n", received, sum);
  });
}
