// Lesson 16 (racy): parse an access log concurrently, every worker counting
// into the same shared maps without a lock.
//
// The Go program it mirrors:
//
//   endpoints, users := map[string]int{}, map[string]int{}   // shared
//   for w := 0; w < workers; w++ {
//       wg.Add(1)
//       go func(lines []string) {
//           defer wg.Done()
//           for _, l := range lines { r := parse(l); endpoints[r.endpoint]++; users[r.user]++ }
//       }(part(lines, w))
//   }
//   wg.Wait()
//
// Two workers incrementing the same counter lose updates, and in Go,
// inserting into one map from two goroutines corrupts it ("fatal error:
// concurrent map writes"). To keep the C++ program's behaviour defined enough
// to run to the end, the maps here are created up front with every known
// endpoint and user, so the workers only increment existing counters: still
// a data race on every counter that two workers touch, and every quarter of
// the log mentions every endpoint and user.
//
// Usage: racy [ACCESS_LOG]   (default: the access.log next to this file)
#include "access_log.hpp"

#include <gor/gor.hpp>

#include <cstdio>
#include <map>
#include <string>

#ifndef SAMPLE_ACCESS_LOG
#define SAMPLE_ACCESS_LOG "access.log"
#endif

int main(int argc, char** argv) {
  std::string path = argc > 1 ? argv[1] : SAMPLE_ACCESS_LOG;
  return gor::main([path] {
    std::vector<std::string> lines = access_log::read_lines(path);

    // Shared by every worker, with no lock. The site's routes and users.
    std::map<std::string, int> endpoint_hits, user_hits;
    for (const char* e :
         {"/", "/login", "/search", "/cart", "/checkout", "/product/42", "/product/7"}) {
      endpoint_hits[e] = 0;
    }
    for (const char* u : {"alice", "bob", "carol", "dave", "erin"}) user_hits[u] = 0;

    constexpr int kWorkers = 4;
    gor::WaitGroup wg;
    for (int w = 0; w < kWorkers; ++w) {
      auto [begin, end] = access_log::part_range(lines.size(), w, kWorkers);
      wg.go([&, begin, end] {
        for (size_t i = begin; i < end; ++i) {
          auto r = access_log::parse(lines[i]);
          if (!r) continue;
          auto e = endpoint_hits.find(r->endpoint);
          auto u = user_hits.find(r->user);
          if (e != endpoint_hits.end()) ++e->second;  // RACE: other workers increment it too
          if (u != user_hits.end()) ++u->second;      // RACE: and this one
        }
      });
    }
    wg.wait();
    access_log::print_report(lines.size(), endpoint_hits, user_hits);
  });
}
