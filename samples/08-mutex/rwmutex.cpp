// Lesson 8.2: a read-mostly cache guarded by a gor::RWMutex. Any number of
// readers may hold the lock together (lock_shared, Go's RLock); a writer
// holds it alone (lock, Go's Lock).
//
// The Go program it mirrors:
//
//   type Cache struct {
//       mu      sync.RWMutex
//       entries map[string]string
//   }
//   func (c *Cache) Get(k string) (string, bool) { c.mu.RLock(); defer c.mu.RUnlock(); v, ok :=
//   c.entries[k]; return v, ok } func (c *Cache) Set(k, v string)            { c.mu.Lock(); defer
//   c.mu.Unlock(); c.entries[k] = v }
#include <gor/gor.hpp>

#include <cstdio>
#include <map>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>

// A string cache safe to use from many goroutines; reads do not exclude
// each other.
class Cache {
 public:
  std::optional<std::string> get(const std::string& key) const {
    std::shared_lock lock(mu_);  // RLock
    auto it = entries_.find(key);
    if (it == entries_.end()) return std::nullopt;
    return it->second;
  }
  void set(const std::string& key, const std::string& value) {
    std::lock_guard lock(mu_);  // Lock
    entries_[key] = value;
  }

 private:
  mutable gor::RWMutex mu_;  // guards entries_
  std::map<std::string, std::string> entries_;
};

int main() {
  return gor::main([] {
    Cache cache;
    cache.set("mascot", "gopher");

    constexpr int kReaders = 8;
    int hits[kReaders] = {};  // each reader counts in its own slot
    gor::WaitGroup wg;
    for (int r = 0; r < kReaders; ++r) {
      wg.go([&, r] {
        for (int i = 0; i < 100; ++i) {
          if (cache.get("mascot")) ++hits[r];
          cache.get("version");  // may or may not be there yet
        }
      });
    }
    wg.go([&] {  // one writer, now and then
      for (int v = 1; v <= 10; ++v) cache.set("version", std::to_string(v));
    });
    wg.wait();

    int total = 0;
    for (int h : hits) total += h;
    std::printf("cache hits for mascot: %d of %d\n", total, kReaders * 100);
    std::printf("mascot = %s, version = %s\n", cache.get("mascot")->c_str(),
                cache.get("version")->c_str());
  });
}
