// render_html: the review page. Server-side rendered (all program-derived
// text escaped here); the inline script only sorts, filters and self-tests.
#include <algorithm>
#include <set>

#include "gorace/report/describe.hpp"
#include "gorace/report/model_json.hpp"
#include "gorace/report/replay.hpp"
#include "gorace/report/writers.hpp"
#include "html_parts.hpp"

namespace gorace::report {
namespace {

using html_detail::FrameRole;
using html_detail::SourceCache;

std::string esc(std::string_view s) {
  return html_escape(s);
}

std::string base_name(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string kind_badge(const Access& a) {
  return std::string("<span class=\"badge ") + (a.is_write ? "b-write" : "b-read") + "\">" +
         esc(access_kind(a)) + "</span>";
}

std::string replay_command(const RunInfo& run) {
  Replay replay{*run.seed, run.strategy, run.pct_depth, run.pct_steps, {run.program}};
  replay.command.insert(replay.command.end(), run.args.begin(), run.args.end());
  return report::replay_command(replay);
}

std::string run_args(const RunInfo& run) {
  std::string out;
  for (const std::string& a : run.args) out += (out.empty() ? "" : " ") + shell_quote(a);
  return out;
}

std::string page_title(const Report& report, const HtmlOptions& o) {
  if (!o.title.empty()) return o.title;
  std::set<std::string> programs;
  for (const RunInfo& r : report.runs) programs.insert(base_name(r.program));
  std::string names;
  for (const std::string& p : programs) names += (names.empty() ? "" : ", ") + p;
  size_t n = report.races.size();
  return "gorace: " + std::to_string(n) + " data race" + (n == 1 ? "" : "s") +
         (names.empty() ? "" : " in " + names);
}

std::string stat(const std::string& value, const std::string& label, const std::string& id) {
  return "<div class=\"stat\"><div class=\"stat-value\" id=\"" + id + "\">" + value +
         "</div><div class=\"stat-label\">" + label + "</div></div>";
}

std::string summary(const Report& report) {
  std::string out = "<section class=\"card\" id=\"summary\"><div class=\"stats\">";
  out += stat(std::to_string(report.races.size()), "unique races", "stat-unique");
  out += stat(std::to_string(report.total_occurrences()), "races (all occurrences)", "stat-total");
  out += stat(std::to_string(report.runs.size()), report.runs.size() == 1 ? "run" : "runs",
              "stat-runs");
  out += "</div>";
  if (report.runs.size() == 1) {
    const RunInfo& r = report.runs.front();
    out += "<table class=\"kv\">";
    auto row = [&](const char* k, const std::string& v) {
      out += std::string("<tr><th>") + k + "</th><td>" + v + "</td></tr>";
    };
    row("Program", "<code>" + esc(r.program) + "</code>");
    row("Arguments", r.args.empty() ? "<span class=\"muted\">none</span>"
                                    : "<code>" + esc(run_args(r)) + "</code>");
    row("PID", std::to_string(r.pid));
    row("Started", esc(r.start_time.empty() ? "unknown" : r.start_time));
    row("GOMAXPROCS", r.gomaxprocs ? std::to_string(r.gomaxprocs) : "unknown");
    row("Seed",
        r.seed ? std::to_string(*r.seed) + (r.strategy.empty() ? "" : " (" + esc(r.strategy) + ")")
               : "<span class=\"muted\">none (not a deterministic run)</span>");
    if (r.seed) row("Replay", "<code class=\"cmd\">" + esc(replay_command(r)) + "</code>");
    out += "</table>";
  } else {
    out +=
        "<table "
        "class=\"runs\"><thead><tr><th>Run</th><th>Program</th><th>Arguments</th><th>PID</th>"
        "<th>Started</th><th>GOMAXPROCS</th><th>Seed</th></tr></thead><tbody>";
    for (size_t i = 0; i < report.runs.size(); ++i) {
      const RunInfo& r = report.runs[i];
      out += "<tr id=\"run-" + std::to_string(i + 1) + "\"><td>#" + std::to_string(i + 1) +
             "</td><td><code>" + esc(r.program) + "</code></td><td><code>" + esc(run_args(r)) +
             "</code></td><td>" + std::to_string(r.pid) + "</td><td>" + esc(r.start_time) +
             "</td><td>" + (r.gomaxprocs ? std::to_string(r.gomaxprocs) : "") + "</td><td>" +
             (r.seed ? std::to_string(*r.seed) : "") + "</td></tr>";
    }
    out += "</tbody></table>";
  }
  return out + "</section>";
}

std::string goroutines_cell(const Race& race) {
  return goroutine_short(race.current.goroutine, on_main_goroutine(race, race.current),
                         race.current.thread) +
         " \u2194 " +
         goroutine_short(race.previous.goroutine, on_main_goroutine(race, race.previous),
                         race.previous.thread);
}

std::string kind_cell(const Race& race) {
  return access_kind(race.current) + " / " + access_kind(race.previous);
}

std::string race_table(const Report& report, const HtmlOptions& o) {
  std::string out =
      "<section class=\"card\" id=\"races-card\"><div class=\"toolbar\"><h2>Races</h2>"
      "<input id=\"filter\" type=\"search\" placeholder=\"Filter by file, function, kind, "
      "goroutine\u2026\" "
      "aria-label=\"Filter races\"><span id=\"shown\" class=\"muted\"></span></div>"
      "<table id=\"races\" class=\"sortable\"><thead><tr>"
      "<th data-key=\"id\" data-type=\"num\">#</th><th data-key=\"file\">File</th>"
      "<th data-key=\"function\">Function</th><th data-key=\"line\" data-type=\"num\">Line</th>"
      "<th data-key=\"kind\">Kind</th><th data-key=\"goroutines\">Goroutines</th>"
      "<th data-key=\"count\" data-type=\"num\">Count</th></tr></thead><tbody>";
  for (size_t i = 0; i < report.races.size(); ++i) {
    const Race& r = report.races[i].race;
    // The program's line, not the runtime's or a library header's.
    const Frame* program = program_frame(r.current.stack);
    Frame top = program != nullptr        ? *program
                : r.current.stack.empty() ? Frame{}
                                          : r.current.stack.front();
    std::string file = top.file.empty() ? "??" : strip_path(top.file, o.strip_path_prefix);
    std::string fn = top.function.empty() ? "??" : top.function;
    std::string n = std::to_string(i + 1);
    out += "<tr class=\"race-row\" data-id=\"" + n + "\" data-file=\"" + esc(file) +
           "\" data-function=\"" + esc(fn) + "\" data-line=\"" + std::to_string(top.line) +
           "\" data-kind=\"" + esc(kind_cell(r)) + "\" data-goroutines=\"" +
           esc(goroutines_cell(r)) + "\" data-count=\"" + std::to_string(r.count) +
           "\" data-fingerprint=\"" + esc(report.races[i].fingerprint) + "\">";
    out +=
        (i < o.max_detailed_races ? "<td><a href=\"#race-" + n + "\">" + n + "</a>" : "<td>" + n) +
        "</td><td class=\"mono\">" + esc(file) + "</td><td class=\"mono\">" + esc(fn) +
        "</td><td class=\"num\">" + std::to_string(top.line) + "</td><td>" + kind_badge(r.current) +
        " <span class=\"muted\">/</span> " + kind_badge(r.previous) + "</td><td>" +
        esc(goroutines_cell(r)) + "</td><td class=\"num\">" + std::to_string(r.count) +
        "</td></tr>";
  }
  out +=
      "</tbody></table><p id=\"no-match\" class=\"muted\" hidden>No race matches the "
      "filter.</p></section>";
  return out;
}

std::string access_column(const Race& race, const Access& a, bool previous, SourceCache& sources,
                          const HtmlOptions& o) {
  const char* g = previous ? "g-prev" : "g-cur";
  std::string who = goroutine_label(a.goroutine, on_main_goroutine(race, a), a.thread);
  std::string out = std::string("<div class=\"stack ") + g +
                    (previous ? " stack-previous" : " stack-current") + "\">";
  out += "<h3><span class=\"gdot\"></span>" + std::string(previous ? "Previous " : "") +
         kind_badge(a) + " by " + esc(who) + "</h3>";
  out += "<div class=\"access-meta mono\">" + hex_address(a.address) +
         (a.size ? " \u00b7 size " + std::to_string(a.size) : "") +
         (a.is_atomic ? " \u00b7 atomic" : "") + "</div>";
  out += html_detail::stack_list(&sources, a.stack,
                                 a.is_write ? FrameRole::kWriteSite : FrameRole::kReadSite, o);
  return out + "</div>";
}

std::string chains(const Race& race, const HtmlOptions& o) {
  std::string out = "<div class=\"chains\">";
  const std::vector<Goroutine>* lists[2] = {&race.current_chain, &race.previous_chain};
  const char* cls[2] = {"g-cur", "g-prev"};
  const Access* acc[2] = {&race.current, &race.previous};
  for (int i = 0; i < 2; ++i) {
    out +=
        std::string("<div class=\"chain ") + cls[i] +
        "\"><h4><span class=\"gdot\"></span>Creation chain of " +
        esc(goroutine_label(acc[i]->goroutine, on_main_goroutine(race, *acc[i]), acc[i]->thread)) +
        "</h4>";
    if (lists[i]->empty()) {
      out += "<p class=\"note\">Not recorded.</p></div>";
      continue;
    }
    out += "<ol class=\"chain-list\">";
    for (const Goroutine& g : *lists[i]) {
      if (g.is_main) {
        out +=
            "<li><b>main goroutine</b> <span class=\"muted\">(started by the runtime)</span></li>";
        continue;
      }
      if (g.id == 0 && g.created_at.empty()) {  // a thread whose creation was not seen
        out += "<li><b>" + esc(goroutine_label(0, false, g.thread)) + "</b></li>";
        continue;
      }
      const std::string created =
          g.created_at.empty() ? std::string("<p class=\"note\">") + kCreatedUninstrumented + "</p>"
                               : html_detail::stack_list(nullptr, g.created_at, std::nullopt, o);
      out += "<li><b>" + esc(goroutine_label(g.id, false, g.thread)) +
             "</b> <span class=\"state\">" + (g.running ? "running" : "finished") +
             "</span> created at:" + created + "</li>";
    }
    out += "</ol></div>";
  }
  return out + "</div>";
}

std::string location(const Location& l, const HtmlOptions& o) {
  switch (l.kind) {
    case Location::Kind::kHeap:
      return "<div class=\"location\"><b>Location:</b> heap block of size " +
             std::to_string(l.block_size) + " at <code>" + hex_address(l.block_start) +
             "</code> allocated by " +
             esc(goroutine_label(l.alloc_goroutine, l.alloc_goroutine == 1, l.alloc_thread)) + ":" +
             html_detail::stack_list(nullptr, l.alloc_stack, std::nullopt, o) + "</div>";
    case Location::Kind::kGlobal:
      return "<div class=\"location\"><b>Location:</b> global <code>" + esc(l.global_name) +
             "</code> of size " + std::to_string(l.block_size) + " at <code>" +
             hex_address(l.block_start) + "</code>" +
             (l.global_decl.file.empty()
                  ? ""
                  : " declared at <code>" +
                        esc(frame_position(l.global_decl, o.strip_path_prefix)) + "</code>") +
             "</div>";
    case Location::Kind::kStack:
      return "<div class=\"location\"><b>Location:</b> stack of " +
             esc(goroutine_label(l.stack_goroutine, l.stack_goroutine == 1, l.stack_thread)) +
             "</div>";
    case Location::Kind::kUnknown:
      break;
  }
  return "";
}

std::string race_section(const Report& report, size_t index, SourceCache& sources,
                         const HtmlOptions& o) {
  const ReportRace& rr = report.races[index];
  const Race& r = rr.race;
  const std::string n = std::to_string(index + 1);
  const Frame* program = program_frame(r.current.stack);
  std::string where =
      program == nullptr
          ? (r.current.stack.empty() ? "??" : r.current.stack.front().function)
          : program->function + " \u00b7 " + frame_position(*program, o.strip_path_prefix);
  std::string out = "<section class=\"card race\" id=\"race-" + n + "\" data-fingerprint=\"" +
                    esc(rr.fingerprint) + "\">";
  out += "<div class=\"race-head\"><h2><span class=\"race-no\">#" + n +
         "</span> Data race: " + kind_badge(r.current) + " vs " + kind_badge(r.previous) +
         " <span class=\"mono where\">" + esc(where) + "</span></h2>" +
         "<span class=\"count-pill\" title=\"occurrences\">\u00d7" + std::to_string(r.count) +
         "</span>" + "<a class=\"top-link\" href=\"#races-card\">\u2191 table</a></div>";
  out += "<p class=\"why\">" + esc(explain_unordered(r)) + "</p>";
  out += "<div class=\"meta\"><span>fingerprint <code>" + esc(rr.fingerprint) + "</code></span>";
  if (report.runs.size() > 1 || rr.runs.size() > 1) {
    out += "<span>seen in ";
    for (size_t k = 0; k < rr.runs.size(); ++k) {
      const RunInfo& run = report.runs[rr.runs[k]];
      out += (k ? ", " : "") + std::string("<a href=\"#run-") + std::to_string(rr.runs[k] + 1) +
             "\">run #" + std::to_string(rr.runs[k] + 1) + "</a>" +
             (run.seed ? " (seed " + std::to_string(*run.seed) + ")" : "");
    }
    out += "</span>";
  }
  out += "</div>";
  for (size_t k : rr.runs) {
    if (report.runs[k].seed) {
      out += "<div class=\"replay\"><span>Replay:</span> <code class=\"cmd\">" +
             esc(replay_command(report.runs[k])) + "</code></div>";
      break;
    }
  }
  out += "<div class=\"stacks\">" + access_column(r, r.current, false, sources, o) +
         access_column(r, r.previous, true, sources, o) + "</div>";
  out += location(r.location, o);
  out += "<h3 class=\"sub\">Goroutines</h3>" + chains(r, o);
  out += "<h3 class=\"sub\">Timeline</h3><figure class=\"timeline-fig\">" +
         html_detail::timeline_svg(r, o, n) + "<figcaption>" + esc(explain_unordered(r)) +
         "</figcaption></figure>";
  TextOptions text;
  text.strip_path_prefix = o.strip_path_prefix;
  out += "<details class=\"gotext\"><summary>Go-format report</summary><pre>" +
         esc(format_text(r, text)) + "</pre></details>";
  return out + "</section>";
}

}  // namespace

std::string render_html(const Report& report, const HtmlOptions& options) {
  SourceCache sources(options.source_root);
  const std::string title = page_title(report, options);
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src "
      "'unsafe-inline'; "
      "script-src 'unsafe-inline'; img-src data:\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      "<meta name=\"generator\" content=\"gorace\">"
      // Records any request the CSP blocks, for the page's self-test; first
      // in the page so it sees every violation.
      "<script>window.goraceBlocked=[];document.addEventListener('securitypolicyviolation',"
      "function(e){"
      "window.goraceBlocked.push(e.blockedURI+' ('+e.violatedDirective+')');});</script><title>" +
      esc(title) + "</title><style>" + html_detail::kStyle + "</style></head><body>";
  out += "<header class=\"top\"><div class=\"brand\">gorace</div><div class=\"title\">" +
         esc(title) +
         "</div><div class=\"legend-top\"><span class=\"badge b-write\">write</span><span "
         "class=\"badge b-read\">read</span>"
         "<span class=\"gkey g-cur\"><span class=\"gdot\"></span>current goroutine</span>"
         "<span class=\"gkey g-prev\"><span class=\"gdot\"></span>previous "
         "goroutine</span></div></header><main>";
  out += summary(report);
  out += race_table(report, options);
  const size_t detailed = std::min(report.races.size(), options.max_detailed_races);
  for (size_t i = 0; i < detailed; ++i) out += race_section(report, i, sources, options);
  if (detailed < report.races.size())
    out += "<section class=\"card\" id=\"omitted\"><p class=\"note\">Details of races " +
           std::to_string(detailed + 1) + " to " + std::to_string(report.races.size()) +
           " are omitted to keep this page usable; <code>gorace-report text</code> prints them "
           "all.</p></section>";
  out +=
      "<pre id=\"selftest\" hidden></pre></main><footer>Generated by gorace-report. This page is "
      "self-contained "
      "and makes no network requests.</footer><script>";
  out += html_detail::kScript;
  out += "</script></body></html>\n";
  return out;
}

}  // namespace gorace::report
