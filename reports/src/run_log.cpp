// RunLog: a run's unique races, written as JSON Lines and HTML at the end.
#include <cstdio>
#include <mutex>
#include <unordered_map>

#include "gorace/report/atomic_file.hpp"
#include "gorace/report/html.hpp"
#include "gorace/report/model_json.hpp"
#include "gorace/report/writers.hpp"

namespace gorace::report {
namespace {

/// The program's base name with every character outside [A-Za-z0-9._-]
/// replaced by '_', so it is safe as a file name.
std::string file_stem(const std::string& program) {
  std::string base =
      program.substr(program.rfind('/') == std::string::npos ? 0 : program.rfind('/') + 1);
  for (char& c : base) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == '-';
    if (!ok) c = '_';
  }
  if (base.empty() || base == "." || base == "..") base = "program";
  return base;
}

}  // namespace

struct RunLog::Impl {
  const RunInfo run;
  const std::string dir;
  mutable std::mutex mu;
  // Invariant: builder holds one race per fingerprint, in first-seen order,
  // each with the number of occurrences recorded; guarded by mu.
  ReportBuilder builder;
  size_t run_index = 0;
  std::string strip_prefix;  // guarded by mu

  Impl(RunInfo r, std::string d) : run(std::move(r)), dir(std::move(d)) {
    run_index = builder.add_run(run);
  }
};

RunLog::RunLog(RunInfo run, std::string dir) : impl_(new Impl(std::move(run), std::move(dir))) {}

RunLog::~RunLog() {
  delete impl_;
}

bool RunLog::record(const Race& race) {
  std::string fp = fingerprint(race);
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->builder.add_race(impl_->run_index, race, fp, 1);
}

void RunLog::set_strip_path_prefix(std::string prefix) {
  std::lock_guard<std::mutex> lock(impl_->mu);
  impl_->strip_prefix = std::move(prefix);
}

size_t RunLog::unique_races() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->builder.report().races.size();
}

std::string RunLog::finish() {
  Report snapshot;
  HtmlOptions html_options;
  {
    std::lock_guard<std::mutex> lock(impl_->mu);
    snapshot = impl_->builder.report();
    html_options.strip_path_prefix = impl_->strip_prefix;
  }
  if (snapshot.races.empty()) return "";
  // A deterministic run is named by its seed, so that its replay writes the same files.
  const std::string base = impl_->dir + "/" + file_stem(impl_->run.program) + "-" +
                           (impl_->run.seed ? "seed" + std::to_string(*impl_->run.seed)
                                            : std::to_string(impl_->run.pid));
  try {
    ensure_directory(impl_->dir);
    write_file_atomically(base + ".jsonl", [&](const ChunkSink& sink) {
      sink(json::dump(run_to_json(snapshot.runs.front())));
      sink("\n");
      for (const ReportRace& r : snapshot.races) {
        sink(json::dump(race_to_json(r.race, r.fingerprint)));
        sink("\n");
      }
    });
    write_file_atomically(base + ".html", render_html(snapshot, html_options));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "gorace: cannot write the race report: %s\n", e.what());
    return "";
  }
  return base + ".html";
}

}  // namespace gorace::report
