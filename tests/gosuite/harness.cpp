// The gosuite harness (see harness.hpp). Compiled without the plugin: its own
// bookkeeping must never show up in race reports.
#include "harness.hpp"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <exception>
#include <set>
#include <string>
#include <string_view>

#include <gor/gor.hpp>
#include <gor/race.hpp>

namespace gosuite {
namespace {

// The first failure recorded by fail() during the running test, or null.
std::atomic<const char*> g_failure{nullptr};

// After each test the main goroutine waits for the goroutines the test
// started to finish (Go's tests may leave some running past their end;
// race_test.go attributes what they report to the next test's section, we
// wait for them instead), checking every kSettleStep, for at most
// kSettleMax: some tests leave goroutines blocked forever, as in Go. Real
// time with GOMAXPROCS=N, virtual time in deterministic mode.
constexpr auto kSettleStep = std::chrono::milliseconds(1);
constexpr auto kSettleMax = std::chrono::milliseconds(200);

// Waits until at most `goroutines_before` goroutines exist, or kSettleMax.
void settle(int goroutines_before) {
  auto waited = std::chrono::milliseconds(0);
  do {
    gor::sleep(kSettleStep);
    waited += kSettleStep;
  } while (gor::num_goroutine() > goroutines_before && waited < kSettleMax);
}

struct Options {
  std::string run_filter;                   // run only names containing this
  std::set<std::string, std::less<>> skip;  // known failures not to run
};

// Parses argv into `opts`; prints the problem and returns false on bad usage.
bool parse_args(int argc, char** argv, std::span<const Test> tests, Options& opts) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if ((arg == "--run" || arg == "--skip") && i + 1 < argc) {
      const std::string value = argv[++i];
      if (arg == "--run") {
        opts.run_filter = value;
        continue;
      }
      size_t start = 0;
      while (start <= value.size()) {
        const size_t comma = std::min(value.find(',', start), value.size());
        if (comma > start) opts.skip.insert(value.substr(start, comma - start));
        start = comma + 1;
      }
      continue;
    }
    std::fprintf(stderr, "%s: bad argument '%s'\nusage: %s [--run SUBSTRING] [--skip NAME,...]\n",
                 argv[0], argv[i], argv[0]);
    return false;
  }
  for (const std::string& name : opts.skip) {
    bool known = false;
    for (const Test& t : tests) known = known || name == t.name;
    if (!known) {
      std::fprintf(stderr, "%s: --skip names '%s', which is not a test of this binary\n", argv[0],
                   name.c_str());
      return false;
    }
  }
  return true;
}

// Runs one test on the current (main) goroutine and returns why it failed,
// or an empty string if it passed.
std::string run_one(const Test& test) {
  g_failure.store(nullptr);
  const bool want_race = !std::string_view(test.name).starts_with("TestNoRace");
  const int goroutines_before = gor::num_goroutine();
  const uint64_t before = gor::race::report_count();
  std::string why;
  try {
    test.body();
  } catch (const std::exception& e) {
    why = std::string("uncaught exception (a Go panic): ") + e.what();
  } catch (...) {
    why = "uncaught non-standard exception";
  }
  settle(goroutines_before);
  const uint64_t races = gor::race::report_count() - before;
  if (!why.empty()) return why;
  if (const char* f = g_failure.load()) return std::string("test failed: ") + f;
  if (want_race && races == 0) return "expected a race report, got none";
  if (!want_race && races != 0)
    return "expected no race, got " + std::to_string(races) + " report(s)";
  return "";
}

}  // namespace

void fail(const char* why) {
  const char* none = nullptr;
  g_failure.compare_exchange_strong(none, why);
}

int run(int argc, char** argv, std::span<const Test> tests) {
  Options opts;
  if (!parse_args(argc, argv, tests, opts)) return 2;
  int passed = 0;
  int failed = 0;
  int skipped = 0;
  gor::main([&] {
    for (const Test& test : tests) {
      const std::string_view name = test.name;
      if (name.find(opts.run_filter) == std::string_view::npos) continue;
      if (opts.skip.contains(name)) {
        ++skipped;
        std::printf("SKIP %s (known failure, see tests/gosuite/README.md)\n", test.name);
        continue;
      }
      std::printf("=== RUN   %s\n", test.name);
      std::fflush(stdout);
      const std::string why = run_one(test);
      if (why.empty()) {
        ++passed;
        std::printf("PASS %s\n", test.name);
      } else {
        ++failed;
        std::printf("FAIL %s: %s\n", test.name, why.c_str());
      }
      std::fflush(stdout);
    }
  });
  std::printf("%d passed, %d failed, %d skipped\n", passed, failed, skipped);
  std::fflush(stdout);
  if (passed + failed + skipped == 0) {
    std::fprintf(stderr, "%s: no test name contains '%s'\n", argv[0], opts.run_filter.c_str());
    return 2;
  }
  return failed == 0 ? 0 : 1;
}

}  // namespace gosuite
