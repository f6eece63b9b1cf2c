// read_log: JSON Lines -> ReportBuilder, reporting and skipping bad lines.
#include "gorace/report/log_reader.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>

#include "gorace/report/json.hpp"
#include "gorace/report/model_json.hpp"
#include "gorace/report/writers.hpp"

namespace gorace::report {
namespace {

bool blank(const std::string& line) {
  return line.find_first_not_of(" \t\r") == std::string::npos;
}

/// Why `line` is not a record of ours, or nullopt if it is (then `type` is set).
std::optional<std::string> check_envelope(const json::Value& v, std::string& type) {
  if (!v.is_object())
    return "foreign line: not a gorace record (a JSON value that is not an object)";
  const json::Value* t = v.find("type");
  const json::Value* ver = v.find("version");
  if (!t || !t->is_string() || !ver || !ver->is_number())
    return "foreign line: not a gorace record (no \"type\" and \"version\" fields)";
  type = t->as_string();
  if (type != "run" && type != "race") return "unknown record type \"" + type + "\"";
  uint64_t version = 0;
  try {
    version = ver->as_u64();
  } catch (const json::Error&) {
    return "invalid version " + ver->number_text();
  }
  if (version == 0 || version > static_cast<uint64_t>(kLogSchemaVersion))
    return "record version " + std::to_string(version) +
           " is not supported (this reader knows version " + std::to_string(kLogSchemaVersion) +
           ")";
  return std::nullopt;
}

}  // namespace

namespace {

/// read_log() of the log `in`, named `path` in messages.
ReadStats read_stream(std::istream& in, const std::string& path, ReportBuilder& builder,
                      const ReadOptions& options) {
  ReadStats stats;
  std::optional<size_t> run_index;
  bool repeated_run = false;  // the current run record's run was read before: skip its races
  auto warn = [&](const std::string& what) {
    ++stats.skipped;
    if (options.warn) options.warn(path + ":" + std::to_string(stats.lines) + ": " + what);
  };
  std::string line;
  while (std::getline(in, line)) {
    ++stats.lines;
    if (options.progress && stats.lines % 4096 == 0) options.progress(stats.lines);
    if (stats.lines == 1 && line.starts_with("\x1f\x8b")) {
      warn("gzip-compressed data, not a log: decompress it first (zcat " +
           (path == "<stdin>" ? std::string("FILE") : "'" + path + "'") +
           " | gorace-report <command> -)");
      break;
    }
    if (blank(line)) continue;
    const bool last_unterminated = in.eof();  // getline hit EOF without a newline
    json::Value v;
    try {
      v = json::parse(line);
    } catch (const json::Error& e) {
      std::string what = e.what();
      bool truncated = last_unterminated || what.find("at end of input") != std::string::npos;
      warn(std::string(truncated ? "truncated record: " : "corrupt record: ") + what);
      continue;
    }
    std::string type;
    if (auto bad = check_envelope(v, type)) {
      warn(*bad);
      continue;
    }
    try {
      if (type == "run") {
        RunInfo run = run_from_json(v);
        repeated_run = builder.has_run(run);
        if (repeated_run) {
          if (options.warn)
            options.warn(path + ":" + std::to_string(stats.lines) + ": run of " + run.program +
                         " (pid " + std::to_string(run.pid) + ", started " + run.start_time +
                         ") was read already; its races are counted once");
        } else {
          run_index = builder.add_run(std::move(run));
        }
        ++stats.runs;
      } else if (repeated_run) {
        ++stats.races;
      } else {
        Race race = race_from_json(v);
        if (!run_index) {
          RunInfo unknown;
          unknown.program = path;
          run_index = builder.add_run(std::move(unknown));
          if (options.warn)
            options.warn(path + ":" + std::to_string(stats.lines) +
                         ": race record before any run record (attributed to an unnamed run)");
        }
        builder.add_race(*run_index, race);
        ++stats.races;
      }
    } catch (const json::Error& e) {
      warn("bad " + type + " record: " + e.what());
    }
  }
  if (in.bad()) throw LogError("cannot read log " + path + ": " + std::strerror(errno));
  return stats;
}

}  // namespace

ReadStats read_log(const std::string& path, ReportBuilder& builder, const ReadOptions& options) {
  if (path == "-") return read_stream(std::cin, "<stdin>", builder, options);
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    throw LogError("cannot read log " + path + ": it is a directory");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw LogError("cannot open log " + path + ": " + std::strerror(errno));
  return read_stream(in, path, builder, options);
}

}  // namespace gorace::report
