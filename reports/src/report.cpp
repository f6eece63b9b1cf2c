// Report and ReportBuilder: merging races by fingerprint.
#include "gorace/report/report.hpp"

#include <algorithm>
#include <utility>

#include "gorace/report/writers.hpp"

namespace gorace::report {

uint64_t Report::total_occurrences() const {
  uint64_t total = 0;
  for (const ReportRace& r : races) total += r.race.count;
  return total;
}

size_t ReportBuilder::add_run(RunInfo run) {
  report_.runs.push_back(std::move(run));
  return report_.runs.size() - 1;
}

namespace {

bool same_run(const RunInfo& a, const RunInfo& b) {
  return a.program == b.program && a.pid == b.pid && a.start_time == b.start_time &&
         a.seed == b.seed;
}

}  // namespace

bool ReportBuilder::has_run(const RunInfo& run) const {
  if (run.pid == 0 && !run.seed) return false;  // no identity
  for (const RunInfo& known : report_.runs) {
    if (same_run(known, run)) return true;
  }
  return false;
}

bool ReportBuilder::add_race(size_t run_index, const Race& race) {
  return add_race(run_index, race, fingerprint(race), race.count);
}

bool ReportBuilder::add_race(size_t run_index, const Race& race, const std::string& fp,
                             uint64_t occurrences) {
  auto [it, inserted] = by_fingerprint_.try_emplace(fp, report_.races.size());
  if (inserted) {
    report_.races.push_back(ReportRace{race, fp, {run_index}});
    report_.races.back().race.count = occurrences;
    return true;
  }
  ReportRace& r = report_.races[it->second];
  r.race.count += occurrences;
  auto pos = std::lower_bound(r.runs.begin(), r.runs.end(), run_index);
  if (pos == r.runs.end() || *pos != run_index) r.runs.insert(pos, run_index);
  return false;
}

Report ReportBuilder::take() {
  by_fingerprint_.clear();
  return std::exchange(report_, Report{});
}

}  // namespace gorace::report
