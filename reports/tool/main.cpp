// gorace-report: renders, merges and deduplicates gorace race logs.
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <stdexcept>

#include "gorace/report/atomic_file.hpp"
#include "gorace/report/html.hpp"
#include "gorace/report/log_reader.hpp"
#include "gorace/report/sarif.hpp"
#include "gorace/report/writers.hpp"
#include "options.hpp"

namespace gorace::report::tool {
namespace {

using Clock = std::chrono::steady_clock;

/// Prints a progress line on stderr at most once a second, starting after
/// the first second of work; with `always`, also at the end of every file.
class Progress {
 public:
  Progress(size_t files, bool always)
      : files_(files), always_(always), start_(Clock::now()), last_(start_) {}
  void update(size_t file_index, size_t lines_in_file, size_t unique, bool file_done) {
    auto now = Clock::now();
    bool due = now - start_ >= std::chrono::seconds(1) && now - last_ >= std::chrono::seconds(1);
    if (!due && !(always_ && file_done)) return;
    last_ = now;
    printed_ = true;
    std::fprintf(
        stderr,
        "gorace-report: reading log %zu of %zu (%zu lines), %zu unique race%s so far, %.1f s\n",
        file_index + 1, files_, lines_in_file, unique, unique == 1 ? "" : "s", seconds(now));
  }
  void done(size_t unique, uint64_t total) {
    if (printed_)
      std::fprintf(
          stderr, "gorace-report: read %zu log%s: %zu unique race%s, %llu occurrence%s, %.1f s\n",
          files_, files_ == 1 ? "" : "s", unique, unique == 1 ? "" : "s",
          static_cast<unsigned long long>(total), total == 1 ? "" : "s", seconds(Clock::now()));
  }

 private:
  double seconds(Clock::time_point now) const {
    return std::chrono::duration<double>(now - start_).count();
  }
  size_t files_;
  bool always_;
  Clock::time_point start_, last_;
  bool printed_ = false;
};

/// The error for a log without a single record (`lines` lines read): a file
/// that is not a race log (or a wrong or truncated one) is not rendered as
/// "0 races", which would hide that.
std::runtime_error no_record_error(const std::string& log, size_t lines) {
  return std::runtime_error(log + ": no gorace run or race record in " + std::to_string(lines) +
                            " line" + (lines == 1 ? "" : "s") + "; nothing written");
}

/// Reads every log of `o` into one report. An empty log (a run that could
/// not write its log leaves one) is skipped with a warning, unless no log
/// has a record at all; any other log without a record is an error.
Report read_all(const Options& o) {
  ReportBuilder builder;
  Progress progress(o.logs.size(), o.progress);
  size_t skipped = 0;
  std::vector<std::string> empty_logs;
  for (size_t i = 0; i < o.logs.size(); ++i) {
    ReadOptions ro;
    ro.warn = [&](const std::string& w) {
      if (!o.quiet) std::fprintf(stderr, "%s\n", w.c_str());
    };
    ro.progress = [&](size_t lines) {
      progress.update(i, lines, builder.report().races.size(), false);
    };
    ReadStats stats = read_log(o.logs[i], builder, ro);
    if (stats.lines == 0) {
      empty_logs.push_back(o.logs[i]);
    } else if (stats.runs == 0 && stats.races == 0) {
      throw no_record_error(o.logs[i], stats.lines);
    }
    skipped += stats.skipped;
    progress.update(i, stats.lines, builder.report().races.size(), true);
  }
  if (empty_logs.size() == o.logs.size()) throw no_record_error(empty_logs.front(), 0);
  for (const std::string& log : empty_logs)
    std::fprintf(stderr, "gorace-report: %s: empty log, skipped (the other logs are rendered)\n",
                 log.c_str());
  progress.done(builder.report().races.size(), builder.report().total_occurrences());
  if (skipped)
    std::fprintf(stderr, "gorace-report: skipped %zu bad line%s (the rest is rendered)\n", skipped,
                 skipped == 1 ? "" : "s");
  return builder.take();
}

/// The error for a failed write to standard output, with errno's reason.
std::runtime_error stdout_error() {
  return std::runtime_error(std::string("cannot write to standard output: ") +
                            std::strerror(errno));
}

/// Writes `data` to standard output; throws stdout_error() when it fails.
void write_stdout(std::string_view data) {
  if (std::fwrite(data.data(), 1, data.size(), stdout) != data.size()) throw stdout_error();
}

/// Flushes standard output; throws stdout_error() when that fails.
void flush_stdout() {
  if (std::fflush(stdout) != 0) throw stdout_error();
}

void write_output(const std::string& path, const std::string& content) {
  if (path == "-") {
    write_stdout(content);
    flush_stdout();
    return;
  }
  write_file_atomically(path, content);
}

std::string absolute_dir(const std::string& dir) {
  std::error_code ec;
  auto p = std::filesystem::absolute(
      dir.empty() ? std::filesystem::current_path(ec) : std::filesystem::path(dir), ec);
  return p.lexically_normal().string();
}

/// SARIF's SRCROOT: --source-root, else the directory that
/// --strip-path-prefix strips (the stripped paths are relative to it), else
/// the current directory.
std::string sarif_root(const Options& o) {
  if (o.source_root.empty() && !o.strip_path_prefix.empty() && o.strip_path_prefix[0] == '/') {
    std::error_code ec;
    if (o.strip_path_prefix.back() == '/') return o.strip_path_prefix;
    if (std::filesystem::is_directory(o.strip_path_prefix, ec)) return o.strip_path_prefix + "/";
  }
  return absolute_dir(o.source_root);
}

/// Refuses an output file that is one of the logs read (it would replace
/// the log with its own rendering).
void check_output_is_not_a_log(const Options& o) {
  if (o.output.empty() || o.output == "-") return;
  for (const std::string& log : o.logs) {
    std::error_code ec;
    if (std::filesystem::equivalent(log, o.output, ec))
      throw std::runtime_error("the output file " + o.output + " is the log " + log +
                               " being read; choose another -o");
  }
}

int run(const Options& o) {
  check_output_is_not_a_log(o);
  Report report = read_all(o);
  if (o.command == "text") {
    TextOptions t;
    t.strip_path_prefix = o.strip_path_prefix;
    for (const ReportRace& r : report.races) write_stdout(format_text(r.race, t));
    const uint64_t occurrences = report.total_occurrences();
    write_stdout("Found " + std::to_string(report.races.size()) + " unique data race" +
                 (report.races.size() == 1 ? "" : "s") + " (" + std::to_string(occurrences) +
                 " occurrence" + (occurrences == 1 ? "" : "s") + ") in " +
                 std::to_string(report.runs.size()) + " run" +
                 (report.runs.size() == 1 ? "" : "s") + "\n");
    flush_stdout();
    return 0;
  }
  if (o.command == "html") {
    HtmlOptions h;
    h.strip_path_prefix = o.strip_path_prefix;
    h.source_root = o.source_root;
    h.title = o.title;
    write_output(o.output, render_html(report, h));
  } else {
    SarifOptions s;
    s.strip_path_prefix = o.strip_path_prefix;
    s.source_root = sarif_root(o);
    json::DumpOptions d;
    d.indent = 2;
    write_output(o.output, json::dump(to_sarif(report, s), d) + "\n");
  }
  if (o.output != "-")
    std::fprintf(stderr, "gorace-report: wrote %s (%zu unique race%s)\n", o.output.c_str(),
                 report.races.size(), report.races.size() == 1 ? "" : "s");
  return 0;
}

}  // namespace
}  // namespace gorace::report::tool

int main(int argc, char** argv) {
  using namespace gorace::report;
  tool::Options options;
  try {
    options = tool::parse_options(std::vector<std::string>(argv + 1, argv + argc));
  } catch (const tool::UsageError& e) {
    std::fprintf(stderr, "gorace-report: %s\n\n%s", e.what(), tool::usage());
    return 2;
  }
  if (options.help) {
    std::fputs(tool::usage(), stdout);
    return 0;
  }
  if (options.version) {
    std::printf("%s\n", tool::version());
    return 0;
  }
  try {
    return tool::run(options);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "gorace-report: %s\n", e.what());
    return 1;
  }
}
