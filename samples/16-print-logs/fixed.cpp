// Lesson 16 (fixed): parse an access log concurrently, each worker counting
// into its own maps; the results are merged by one goroutine.
//
// The Go program it mirrors:
//
//   type counts struct{ endpoints, users map[string]int }
//   results := make(chan counts)
//   for w := 0; w < workers; w++ {
//       go func(lines []string) {
//           c := counts{map[string]int{}, map[string]int{}}   // owned by this goroutine
//           for _, l := range lines { r := parse(l); c.endpoints[r.endpoint]++; c.users[r.user]++ }
//           results <- c                                       // hand it over
//       }(part(lines, w))
//   }
//   for w := 0; w < workers; w++ { merge(total, <-results) }
//
// "Do not communicate by sharing memory; share memory by communicating":
// no map is ever touched by two goroutines, so no lock is needed.
//
// Usage: fixed [ACCESS_LOG]   (default: the access.log next to this file)
#include "access_log.hpp"

#include <gor/gor.hpp>

#include <cstdio>
#include <map>
#include <string>

#ifndef SAMPLE_ACCESS_LOG
#define SAMPLE_ACCESS_LOG "access.log"
#endif

// What one worker counted.
struct Counts {
  std::map<std::string, int> endpoints;
  std::map<std::string, int> users;
  int malformed = 0;
};

int main(int argc, char** argv) {
  std::string path = argc > 1 ? argv[1] : SAMPLE_ACCESS_LOG;
  return gor::main([path] {
    std::vector<std::string> lines = access_log::read_lines(path);

    constexpr int kWorkers = 4;
    auto results = gor::make_chan<Counts>();
    for (int w = 0; w < kWorkers; ++w) {
      auto [begin, end] = access_log::part_range(lines.size(), w, kWorkers);
      gor::go([&lines, results, begin, end]() mutable {
        Counts c;  // this goroutine's own maps
        for (size_t i = begin; i < end; ++i) {
          auto r = access_log::parse(lines[i]);
          if (!r) {
            ++c.malformed;
            continue;
          }
          ++c.endpoints[r->endpoint];
          ++c.users[r->user];
        }
        results.send(std::move(c));  // ownership passes to main
      });
    }

    Counts total;
    for (int w = 0; w < kWorkers; ++w) {
      Counts c = results.recv();
      for (const auto& [endpoint, n] : c.endpoints) total.endpoints[endpoint] += n;
      for (const auto& [user, n] : c.users) total.users[user] += n;
      total.malformed += c.malformed;
    }
    if (total.malformed > 0) std::fprintf(stderr, "%d malformed lines skipped\n", total.malformed);
    access_log::print_report(lines.size(), total.endpoints, total.users);
  });
}
