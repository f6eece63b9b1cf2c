// Reading the strategy's GORACE keys and building the named strategy.
#include "sched/strategy.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string_view>

namespace gor::detail {

Strategy* make_random_strategy(uint64_t seed);
Strategy* make_pct_strategy(uint64_t seed, int depth);

namespace {

[[noreturn]] void bad_value(std::string_view key, std::string_view value, const char* want) {
  std::fprintf(stderr, "gorace: bad GORACE value for %.*s: \"%.*s\" (want %s)\n",
               static_cast<int>(key.size()), key.data(), static_cast<int>(value.size()),
               value.data(), want);
  std::fflush(stderr);
  _exit(2);
}

}  // namespace

StrategyConfig strategy_config_from_env() {
  StrategyConfig config;
  const char* env = std::getenv("GORACE");
  if (env == nullptr) return config;
  std::string_view rest(env);
  while (!rest.empty()) {
    size_t start = rest.find_first_not_of(" \t\n,");
    if (start == std::string_view::npos) break;
    rest.remove_prefix(start);
    size_t stop = rest.find_first_of(" \t\n,");
    std::string_view item = rest.substr(0, stop);
    rest = stop == std::string_view::npos ? std::string_view() : rest.substr(stop);
    size_t eq = item.find('=');
    if (eq == std::string_view::npos) continue;  // the race options parser reports it
    std::string_view key = item.substr(0, eq);
    std::string_view value = item.substr(eq + 1);
    if (key == "strategy") {
      if (value != "random" && value != "pct") bad_value(key, value, "random or pct");
      config.name = value;
    } else if (key == "pct_depth") {
      std::string text(value);
      char* end = nullptr;
      long depth = std::strtol(text.c_str(), &end, 10);
      if (text.empty() || *end != '\0' || depth < 1 || depth > 1000) {
        bad_value(key, value, "an integer in 1..1000");
      }
      config.pct_depth = static_cast<int>(depth);
    }
  }
  return config;
}

Strategy* make_strategy(const StrategyConfig& config, uint64_t seed) {
  if (config.name == "pct") return make_pct_strategy(seed, config.pct_depth);
  return make_random_strategy(seed);
}

}  // namespace gor::detail
