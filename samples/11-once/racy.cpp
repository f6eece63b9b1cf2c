// Lesson 11 (racy): lazy initialisation without synchronisation.
//
// The Go program it mirrors (the bug sync.Once exists for):
//
//   var instance *Config
//   func GetConfig() *Config {
//       if instance == nil {          // several goroutines may see nil...
//           instance = loadConfig()   // ...and all of them load and write
//       }
//       return instance
//   }
//
// Checking a plain pointer and then setting it is a data race: goroutines may
// load the configuration several times, get different instances, or see an
// instance whose fields are not yet written.
#include <gor/gor.hpp>

#include <cstdio>
#include <set>

struct Config {
  int workers;
  int port;
};

static Config* instance = nullptr;  // (instances loaded twice are leaked)

static Config* get_config() {
  if (instance == nullptr) {         // RACE: reads instance while another goroutine sets it
    instance = new Config{8, 8080};  // RACE: writes instance with no synchronisation
  }
  return instance;
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
    std::printf("goroutines saw %zu distinct config instance(s)\n",
                std::set<Config*>(seen, seen + kGoroutines).size());
  });
}
