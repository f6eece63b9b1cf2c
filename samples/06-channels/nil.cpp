// Lesson 6.6: the nil channel. A default-constructed gor::Chan<T> is nil, as
// Go's zero-valued channel: a send or receive on it blocks forever, and
// closing it panics. In a select a nil channel's case is never ready, which
// makes nil the way to switch a case off: when one input of a merge is
// closed, set it to nil and the select keeps serving the others.
//
// The Go program it mirrors:
//
//   for a != nil || b != nil {
//       select {
//       case v, ok := <-a: if !ok { a = nil; continue }; sum += v
//       case v, ok := <-b: if !ok { b = nil; continue }; sum += v
//       }
//   }
#include <gor/gor.hpp>

#include <cstdio>
#include <initializer_list>
#include <vector>

// A channel that receives `values` and is then closed.
static gor::Chan<int> numbers(std::initializer_list<int> values) {
  auto out = gor::make_chan<int>();
  gor::go([out, v = std::vector<int>(values)]() mutable {
    for (int x : v) out.send(x);
    out.close();
  });
  return out;
}

int main() {
  return gor::main([] {
    // A nil channel is never ready: the select takes the default case.
    gor::Chan<int> nil_chan;
    gor::select(gor::recv(nil_chan, [](int, bool) { std::puts("impossible"); }),
                gor::default_case([] { std::puts("nil channel: never ready"); }));

    // Closing a nil channel panics, as in Go; gor::Panic can be caught (recover).
    try {
      nil_chan.close();
    } catch (const gor::Panic& p) {
      std::printf("recovered: %s\n", p.what());
    }

    // Merge two channels, switching each off (nil) once it is closed.
    gor::Chan<int> a = numbers({1, 3, 5});
    gor::Chan<int> b = numbers({2, 4, 6, 8});
    bool a_open = true, b_open = true;
    int sum = 0, count = 0;
    while (a_open || b_open) {
      bool a_closed = false, b_closed = false;
      auto take = [&](bool& closed) {
        return [&](int v, bool ok) {
          if (!ok) {
            closed = true;
            return;
          }
          sum += v;
          ++count;
        };
      };
      gor::select(gor::recv(a, take(a_closed)), gor::recv(b, take(b_closed)));
      if (a_closed) {
        a = gor::Chan<int>();  // nil: this case is never ready again
        a_open = false;
      }
      if (b_closed) {
        b = gor::Chan<int>();
        b_open = false;
      }
    }
    std::printf("merged %d values, sum %d\n", count, sum);
  });
}
