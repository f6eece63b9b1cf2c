// Lesson 11 (fixed): lazy initialisation with gor::Once.
//
// The Go program it mirrors:
//
//   var (
//       once     sync.Once
//       instance *Config
//   )
//   func GetConfig() *Config {
//       once.Do(func() { instance = loadConfig() })
//       return instance
//   }
//
// once.call(f) runs f exactly once, however many goroutines call it at the
// same time; every call returns only after f has finished, and f's writes
// happen before any call returns, so every goroutine sees the same, complete
// instance.
#include <gor/gor.hpp>

#include <atomic>
#include <cstdio>
#include <optional>
#include <set>

struct Config {
  int workers;
  int port;
};

static gor::Once once;
static std::optional<Config> instance;  // written once, inside once.call
static std::atomic<int> loads{0};

static Config* get_config() {
  once.call([] {
    loads.fetch_add(1);
    instance.emplace(Config{8, 8080});
  });
  return &*instance;
}

int main() {
  return gor::main([] {
    constexpr int kGoroutines = 8;
    Config* seen[kGoroutines] = {};
    gor::WaitGroup wg;
    for (int i = 0; i < kGoroutines; ++i) {
      wg.go([&seen, i] { seen[i] = get_config(); });
    }
    wg.wait();
    std::printf("config loaded %d time(s)\n", loads.load());
    std::printf("goroutines saw %zu distinct config instance(s): workers=%d port=%d\n",
                std::set<Config*>(seen, seen + kGoroutines).size(), seen[0]->workers,
                seen[0]->port);
  });
}
