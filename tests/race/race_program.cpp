// A small program with a chosen behaviour, run by driver tests to check the
// process-level protocol (exit status, log_path, halt_on_error, GORACE
// errors, the summary line, heap and global locations).
//   race_program race N    : N distinct races (main vs a goroutine), exit 0
//   race_program clean     : no race
//   race_program exit3     : one race, then exit status 3
//   race_program heap      : a race on a heap block
//   race_program free      : a goroutine's access racing delete (free after it)
//   race_program global    : a race on a registered global
//   race_program _exit     : one race, then _exit(0) (no exit handlers run)
//   race_program quick_exit: one race, then quick_exit(0)
//   race_program fork      : one race, then a child that exits 0 at once
//                            (its status printed), then another race
//   race_program deep_race : a race found with 3 KiB of goroutine stack left:
//                            building the report overflows it
//   race_program handoff   : main and a goroutine hand off through an
//                            unbuffered channel, then race (the histories
//                            name the send and the receive)
//   race_program wait      : one race, prints "raced" on stdout, then sleeps
//                            a minute (for a signal to stop it)
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "gor/chan.hpp"
#include "gor/gor.hpp"
#include "gor/race.hpp"
#include "gor/race_abi.h"

namespace {

int64_t global_counter;

// Uses all but about 3 KiB of the goroutine's 240 KiB stack (measured from
// `top`, an address near its start), then races on `cell` with main.
[[gnu::noinline]] void race_near_stack_end(const char* top, int64_t* cell) {
  char here;
  const size_t used = static_cast<size_t>(top - &here);
  const size_t fill = 240 * 1024 - used - 3 * 1024;
  auto* frame = static_cast<volatile char*>(__builtin_alloca(fill));
  for (size_t i = 0; i < fill; i += 512) frame[i] = 1;  // each page, top down
  gor::race::write(cell, 8);
  frame[0] = 2;
}
const __gorace_global kGlobals[] = {
    {&global_counter, sizeof global_counter, "global_counter", "race_program.cpp", 26}};

void race_on(void* p, size_t n) {
  auto done = gor::make_chan<int>();
  gor::go([p, n, done] {
    gor::race::write(p, n);
    done.send(1);
  });
  gor::race::write(p, n);
  done.recv();
}

// N races with distinct stacks: each uses its own call site via a switch.
void distinct_races(int n) {
  auto* cells = new int64_t[16];
  for (int i = 0; i < n && i < 4; i++) {
    auto done = gor::make_chan<int>();
    int64_t* p = &cells[i];
    gor::go([p, i, done] {
      switch (i) {
        case 0:
          gor::race::write(p, 8);
          break;
        case 1:
          gor::race::write(p, 8);
          break;
        case 2:
          gor::race::write(p, 8);
          break;
        default:
          gor::race::write(p, 8);
          break;
      }
      done.send(1);
    });
    gor::race::read(p, 8);
    done.recv();
  }
}

// The goroutine receives what main sends, then both write `cell`: the
// hand-off orders only what came before it.
void race_after_handoff() {
  auto* cell = new int64_t(0);
  auto ch = gor::make_chan<int>();
  auto done = gor::make_chan<int>();
  gor::go([cell, ch, done] {
    ch.recv();
    gor::race::write(cell, 8);
    done.send(1);
  });
  ch.send(1);
  gor::race::write(cell, 8);
  done.recv();
}

}  // namespace

int main(int argc, char** argv) {
  gor::race::enable();
  std::string mode = argc > 1 ? argv[1] : "clean";
  int status = 0;
  gor::main([&] {
    if (mode == "race") {
      distinct_races(argc > 2 ? std::atoi(argv[2]) : 1);
    } else if (mode == "ignore_end") {  // an end without a begin
      gor::race::ignore_end();
    } else if (mode == "exit3") {
      distinct_races(1);
      status = 3;
    } else if (mode == "heap") {
      auto* block = new int64_t[4];
      race_on(&block[2], 8);
      delete[] block;
    } else if (mode == "free") {
      auto* block = new int64_t[4];
      auto done = gor::make_chan<int>();
      static std::atomic<bool> written{false};  // invisible to the detector
      gor::go([block, done] {
        gor::race::write(&block[1], 8);
        written = true;
        done.send(1);
      });
      while (!written) gor::yield();
      delete[] block;
      done.recv();
    } else if (mode == "chdir") {  // races, then moves away before the exit writes the reports
      distinct_races(1);
      mkdir("elsewhere", 0755);
      if (chdir("elsewhere") != 0) status = 2;
    } else if (mode == "_exit") {
      distinct_races(1);
      _exit(0);
    } else if (mode == "quick_exit") {
      distinct_races(1);
      std::quick_exit(0);
    } else if (mode == "fork") {
      distinct_races(1);
      const pid_t child = fork();
      if (child == 0) std::exit(0);
      int child_status = -1;
      waitpid(child, &child_status, 0);
      std::printf("child=%d\n", WIFEXITED(child_status) ? WEXITSTATUS(child_status) : -1);
      std::fflush(stdout);
      distinct_races(2);
    } else if (mode == "deep_race") {
      static int64_t cell;
      static std::atomic<bool> main_wrote{false};  // invisible to the detector
      auto done = gor::make_chan<int>();
      gor::go([done] {
        char top;
        while (!main_wrote) gor::yield();
        race_near_stack_end(&top, &cell);  // the second access: it reports
        done.send(1);
      });
      gor::race::write(&cell, 8);
      main_wrote = true;
      done.recv();
    } else if (mode == "abort") {  // a failed assert() in a goroutine, after a race
      distinct_races(1);
      auto done = gor::make_chan<int>();
      gor::go([] { std::abort(); });
      done.recv();
    } else if (mode == "wait") {
      distinct_races(1);
      std::puts("raced");
      std::fflush(stdout);
      gor::sleep(std::chrono::seconds(60));
    } else if (mode == "handoff") {
      race_after_handoff();
    } else if (mode == "global") {
      __gorace_register_globals(kGlobals, 1);
      race_on(&global_counter, 8);
    } else if (mode != "clean") {
      std::fprintf(stderr, "race_program: unknown mode %s\n", mode.c_str());
      status = 2;
    }
  });
  std::printf("reports=%llu\n", static_cast<unsigned long long>(gor::race::report_count()));
  return status;
}
