// Lesson 14 (racy): a concurrent web crawler whose goroutines share the
// "visited" set, checking it without the lock.
//
// The Go program it mirrors (the Go Tour's web-crawler exercise, made
// concurrent and depth-limited):
//
//   func Crawl(url string, depth int) {
//       defer wg.Done()
//       if depth <= 0 || visited[url] {   // reads the shared map without mu
//           return
//       }
//       mu.Lock(); visited[url] = true; mu.Unlock()
//       body, urls, err := fetcher.Fetch(url)
//       ...
//       for _, u := range urls { wg.Add(1); go Crawl(u, depth-1) }
//   }
//
// Locking only the writes is not enough: a read of the set while another
// goroutine inserts into it is a data race (and the check-then-insert lets two
// goroutines crawl the same page). Go would even crash with "concurrent map
// read and map write". Every goroutine that reaches a page does the unlocked
// check, so two sibling goroutines always race here, whatever the schedule.
#include "site.hpp"

#include <gor/gor.hpp>

#include <cstdio>
#include <map>
#include <mutex>
#include <string>
#include <unordered_set>

class Crawler {
 public:
  explicit Crawler(std::string addr) : addr_(std::move(addr)) {
    visited_.reserve(64);  // no rehash while the goroutines use the set
  }

  // Crawls path and, concurrently, the pages it links to, depth levels deep.
  void crawl(std::string path, int depth) {
    if (depth <= 0) return;
    if (visited_.contains(path)) return;  // RACE: reads visited_ without mu_
    {
      std::lock_guard lock(mu_);
      visited_.insert(path);  // RACE: another goroutine's unlocked read races this insert
    }
    site::Fetched page = site::fetch(addr_, path);
    {
      std::lock_guard lock(mu_);
      results_[path] = page.found ? "found: \"" + page.title + "\"" : "not found";
    }
    for (const std::string& link : page.links) {
      wg_.go([this, link, depth] { crawl(link, depth - 1); });
    }
  }

  // Waits for every crawl goroutine, then prints what was found.
  void wait_and_print() {
    wg_.wait();
    for (const auto& [path, what] : results_) std::printf("%s %s\n", path.c_str(), what.c_str());
  }

 private:
  std::string addr_;
  gor::Mutex mu_;                            // guards writes to visited_, and results_
  std::unordered_set<std::string> visited_;  // BUG: also read without mu_
  std::map<std::string, std::string> results_;
  gor::WaitGroup wg_;
};

int main() {
  return gor::main([] {
    gor::net::Listener server = site::start_server();
    Crawler crawler(server.addr());
    crawler.crawl("/", 4);
    crawler.wait_and_print();
    server.close();
  });
}
