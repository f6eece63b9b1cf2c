// A non-blocking status poll. The worker updates `progress` and then
// signals `done` (buffered); main does its own work, then polls: if the
// worker is done, the receive orders the worker's writes before main's read.
// The worker nearly always finishes first. When main polls early, the
// default case reads `progress` with nothing ordering it: a data race.
#include <gor/gor.hpp>

#include <cstdio>

#include "busy.hpp"

int progress = 0;

int main() {
  return gor::main([] {
    auto done = gor::make_chan<bool>(1);
    gor::go([done] {
      for (int step = 1; step <= 3; ++step) progress = step;
      done.send(true);
    });
    busy_for(std::chrono::milliseconds(20));  // main's own work
    int seen = 0;
    bool finished = false;
    gor::select(gor::recv(done,
                          [&](bool, bool) {
                            seen = progress;
                            finished = true;
                          }),
                gor::default_case([&] { seen = progress; }));  // RACE (rarely)
    if (!finished) done.recv();  // wait for the worker before returning
    std::printf("main: progress %d\n", seen);
  });
}
