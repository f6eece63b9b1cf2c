// A race in the third of five pipeline stages, only when its select picks
// the resize case mid-stream. Stage 3 forwards items and, on a resize
// request, replaces the shared scale factor that stage 4 reads for every
// item. The request is sent before any item flows, so stage 3 nearly always
// handles it first and its later sends order the write before stage 4's
// reads (the source takes 10 ms to open, so stage 3's first select sees only
// the request). Handled after an item was forwarded, the write races stage
// 4's read.
#include <gor/gor.hpp>

#include <cstdio>

#include "busy.hpp"

int scale = 1;  // written by stage 3 on resize, read by stage 4

int main() {
  return gor::main([] {
    constexpr int kItems = 8;
    auto c1 = gor::make_chan<int>();
    auto c2 = gor::make_chan<int>();
    auto c3 = gor::make_chan<int>();
    auto c4 = gor::make_chan<int>();
    auto c5 = gor::make_chan<int>();
    auto resize = gor::make_chan<int>(1);
    resize.send(3);                             // requested before the pipeline starts
    gor::go([=] {                               // stage 1: source
      busy_for(std::chrono::milliseconds(10));  // opening the source
      for (int i = 1; i <= kItems; ++i) c1.send(i);
      c1.close();
    });
    gor::go([=] {  // stage 2: square
      for (;;) {
        auto [v, ok] = c1.recv_ok();
        if (!ok) break;
        c2.send(v * v);
      }
      c2.close();
    });
    gor::go([=] {  // stage 3: forward, and handle one resize request
      bool open = true;
      while (open) {
        gor::select(gor::recv(c2,
                              [&](int v, bool ok) {
                                if (ok) c3.send(v);
                                open = ok;
                              }),
                    gor::recv(resize, [&](int factor, bool) {
                      scale = factor;  // RACE (rarely): when stage 4 already read it
                    }));
      }
      c3.close();
    });
    gor::go([=] {  // stage 4: scale
      for (;;) {
        auto [v, ok] = c3.recv_ok();
        if (!ok) break;
        c4.send(v * scale);
      }
      c4.close();
    });
    gor::go([=] {  // stage 5: sum
      long sum = 0;
      for (;;) {
        auto [v, ok] = c4.recv_ok();
        if (!ok) break;
        sum += v;
      }
      c5.send(static_cast<int>(sum));
    });
    std::printf("sum %d\n", c5.recv());
  });
}
