// Reading the strategy's GORACE and GORACE_SCHED keys and building the named
// strategy.
#include "sched/strategy.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string_view>

namespace gor::detail {

namespace {

[[noreturn]] void bad_value(const char* var, std::string_view key, std::string_view value,
                            const char* want) {
  std::fprintf(stderr, "gorace: bad %s value for %.*s: \"%.*s\" (want %s)\n", var,
               static_cast<int>(key.size()), key.data(), static_cast<int>(value.size()),
               value.data(), want);
  std::fflush(stderr);
  _exit(2);
}

// Calls on_item(key, value) for each key=value item of environment variable
// `var` (items separated by blanks or commas; items without '=' skipped).
template <class F>
void for_each_item(const char* var, F on_item) {
  const char* env = std::getenv(var);
  if (env == nullptr) return;
  std::string_view rest(env);
  while (!rest.empty()) {
    size_t start = rest.find_first_not_of(" \t\n,");
    if (start == std::string_view::npos) break;
    rest.remove_prefix(start);
    size_t stop = rest.find_first_of(" \t\n,");
    std::string_view item = rest.substr(0, stop);
    rest = stop == std::string_view::npos ? std::string_view() : rest.substr(stop);
    size_t eq = item.find('=');
    if (eq == std::string_view::npos) continue;
    on_item(item.substr(0, eq), item.substr(eq + 1));
  }
}

// The decimal integer `value` of key `key` in lo..hi; exits 2 otherwise.
long long integer(const char* var, std::string_view key, std::string_view value, long long lo,
                  long long hi, const char* want) {
  std::string text(value);
  char* end = nullptr;
  long long n = std::strtoll(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || n < lo || n > hi) bad_value(var, key, value, want);
  return n;
}

}  // namespace

StrategyConfig strategy_config_from_env(const std::string& name, int pct_depth) {
  StrategyConfig config;
  config.name = name;
  config.pct_depth = pct_depth;
  for_each_item("GORACE_SCHED", [&](std::string_view key, std::string_view value) {
    if (key == "pct_steps") {
      config.pct_steps = static_cast<uint64_t>(
          integer("GORACE_SCHED", key, value, 1, 1000000000, "an integer in 1..1000000000"));
    } else if (key == "steps_out") {
      if (value.empty()) bad_value("GORACE_SCHED", key, value, "a file path");
      config.steps_out = value;
    } else {
      std::fprintf(stderr,
                   "gorace: unknown GORACE_SCHED key \"%.*s\" (want pct_steps or steps_out)\n",
                   static_cast<int>(key.size()), key.data());
      std::fflush(stderr);
      _exit(2);
    }
  });
  return config;
}

Strategy* make_strategy(const StrategyConfig& config, uint64_t seed) {
  if (config.name == "pct") return make_pct_strategy(seed, config.pct_depth, config.pct_steps);
  return make_random_strategy(seed);
}

}  // namespace gor::detail
