// Lesson 14 (fixed): a concurrent web crawler whose "visited" set is only
// touched under its mutex, with check and insert in one critical section.
//
// The Go program it mirrors (the Go Tour's web-crawler exercise, solved with
// a mutex-guarded map):
//
//   type visitedSet struct { mu sync.Mutex; seen map[string]bool }
//   // visit marks url visited and reports whether it was the first visit.
//   func (v *visitedSet) visit(url string) bool {
//       v.mu.Lock(); defer v.mu.Unlock()
//       if v.seen[url] { return false }
//       v.seen[url] = true
//       return true
//   }
//
//   func Crawl(url string, depth int) {
//       defer wg.Done()
//       if depth <= 0 || !visited.visit(url) { return }
//       ...
//   }
//
// Each page is fetched exactly once, and the output is the same on every run.
#include "site.hpp"

#include <gor/gor.hpp>

#include <cstdio>
#include <map>
#include <mutex>
#include <string>
#include <unordered_set>

class Crawler {
 public:
  explicit Crawler(std::string addr) : addr_(std::move(addr)) {}

  // Crawls path and, concurrently, the pages it links to, depth levels deep.
  void crawl(std::string path, int depth) {
    if (depth <= 0 || !visit(path)) return;
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
    wg_.wait();  // every crawl happened before: results_ is complete
    for (const auto& [path, what] : results_) std::printf("%s %s\n", path.c_str(), what.c_str());
  }

 private:
  // Marks path visited; true if this was the first visit. Check and insert
  // happen in one critical section, so no two goroutines both see "first".
  bool visit(const std::string& path) {
    std::lock_guard lock(mu_);
    return visited_.insert(path).second;
  }

  std::string addr_;
  gor::Mutex mu_;  // guards visited_ and results_
  std::unordered_set<std::string> visited_;
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
