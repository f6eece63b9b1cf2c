// to_sarif: the race model as SARIF 2.1.0.
#include "gorace/report/sarif.hpp"

#include <cstdio>

#include "gorace/report/describe.hpp"

namespace gorace::report {
namespace {

using json::Value;

constexpr const char* kRuleId = "data-race";
constexpr const char* kBaseId = "SRCROOT";

/// Percent-encodes everything but RFC 3986 unreserved characters and '/'.
std::string uri_encode(std::string_view path) {
  std::string out;
  for (unsigned char c : path) {
    bool keep = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
    if (keep) {
      out += static_cast<char>(c);
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  return out;
}

class Builder {
 public:
  explicit Builder(const SarifOptions& o) : o_(o) {
    root_ = o.source_root;
    if (!root_.empty() && root_.back() != '/') root_ += '/';
  }

  /// {"uri":...,"uriBaseId":"SRCROOT"} for paths under the root or relative,
  /// else an absolute file: URI.
  Value artifact(const std::string& file) const {
    std::string path = strip_path(file, o_.strip_path_prefix);
    Value a = Value::object();
    if (!root_.empty() && path.rfind(root_, 0) == 0) path = path.substr(root_.size());
    if (!path.empty() && path[0] == '/') {
      a.set("uri", "file://" + uri_encode(path));
    } else {
      while (path.rfind("./", 0) == 0) path = path.substr(2);
      a.set("uri", uri_encode(path));
      a.set("uriBaseId", kBaseId);
    }
    return a;
  }

  /// A location object for `f`, or null when it has no file or line.
  Value location(const Frame& f, const std::string& message) const {
    if (f.file.empty() || f.line == 0) return Value();
    Value loc = Value::object();
    Value& phys = loc.set("physicalLocation", Value::object());
    phys.set("artifactLocation", artifact(f.file));
    Value& region = phys.set("region", Value::object());
    region.set("startLine", f.line);
    if (f.column != 0) region.set("startColumn", f.column);
    if (!f.function.empty()) {
      Value& logical = loc.set("logicalLocations", Value::array()).push(Value::object());
      logical.set("fullyQualifiedName", f.function);
      logical.set("kind", "function");
    }
    if (!message.empty()) loc.set("message", Value::object()).set("text", message);
    return loc;
  }

  /// The program's frame of `stack` (see program_frame), as a location
  /// (or null): code scanning places the alert on the program's line, not
  /// in the runtime or a library header.
  Value first_location(const Stack& stack, const std::string& message) const {
    const Frame* frame = program_frame(stack);
    return frame != nullptr ? location(*frame, message) : Value();
  }

  /// A location naming only the program's file (no region), for a race with
  /// no source position at all: code scanning drops a result without one.
  Value program_location(const std::string& program) const {
    Value loc = Value::object();
    loc.set("physicalLocation", Value::object()).set("artifactLocation", artifact(program));
    loc.set("message", Value::object())
        .set("text", "no source position was recorded for either access: this names the program");
    return loc;
  }

  /// One goroutine's thread flow: its recent sync events, then its access's
  /// stack from the outermost call to the access.
  Value thread_flow(const Race& race, const Access& a, const std::vector<SyncEvent>& events,
                    bool previous) const {
    const std::string who = goroutine_label(a.goroutine, on_main_goroutine(race, a), a.thread);
    Value flow = Value::object();
    flow.set("id", who);
    flow.set("message", Value::object())
        .set("text", who + (previous ? ": previous " : ": ") + access_kind(a) + " (" +
                         std::to_string(a.size) + " bytes)");
    Value& locs = flow.set("locations", Value::array());
    for (const SyncEvent& e : events) {
      Value loc = location(e.where, (e.what.empty() ? e.kind : e.what) + " (" + e.kind + ")");
      if (loc.is_null()) continue;
      Value& step = locs.push(Value::object());
      step.set("location", std::move(loc));
      step.set("nestingLevel", 0);
      Value& kinds = step.set("kinds", Value::array());
      if (e.kind == "release_acquire") kinds.push("release");
      kinds.push(e.kind == "acquire" || e.kind == "release_acquire" ? "acquire" : "release");
    }
    for (size_t i = a.stack.size(); i-- > 0;) {
      const Frame& f = a.stack[i];
      std::string msg =
          i == 0 ? (previous ? "previous " : "") + access_kind(a) + " by " + who
                 : "call to " + (a.stack[i - 1].function.empty() ? "??" : a.stack[i - 1].function);
      Value loc = location(f, msg);
      if (loc.is_null()) continue;
      Value& step = locs.push(Value::object());
      step.set("location", std::move(loc));
      step.set("nestingLevel", static_cast<uint64_t>(a.stack.size() - 1 - i));
      step.set("importance", i == 0 ? "essential" : "important");
    }
    if (locs.items()
            .empty()) {  // SARIF requires at least one step: name the access without a position
      Value& step = locs.push(Value::object());
      step.set("location", Value::object())
          .set("message", Value::object())
          .set("text", (previous ? "previous " : "") + access_kind(a) + " by " + who +
                           " (no source position recorded)");
      step.set("importance", "essential");
    }
    return flow;
  }

  Value result(const Report& report, const ReportRace& rr) const {
    const Race& r = rr.race;
    const std::string cur =
        goroutine_label(r.current.goroutine, on_main_goroutine(r, r.current), r.current.thread);
    const std::string prev =
        goroutine_label(r.previous.goroutine, on_main_goroutine(r, r.previous), r.previous.thread);
    auto where = [&](const Access& a) {
      if (a.stack.empty()) return std::string("an unknown place");
      return (a.stack.front().function.empty() ? "??" : a.stack.front().function) + " (" +
             frame_position(a.stack.front(), o_.strip_path_prefix) + ")";
    };
    Value res = Value::object();
    res.set("ruleId", kRuleId);
    res.set("ruleIndex", 0);
    res.set("level", "error");
    std::string text = "Data race: " + access_kind(r.current) + " by " + cur + " in " +
                       where(r.current) + " is unordered with the previous " +
                       access_kind(r.previous) + " by " + prev + " in " + where(r.previous) + ". " +
                       explain_unordered(r) + " Seen " + std::to_string(r.count) +
                       (r.count == 1 ? " time." : " times.");
    res.set("message", Value::object()).set("text", text);
    // Code scanning wants a location per result: the current access's, else
    // (no source position recorded for it) the previous access's, else the
    // program's file.
    Value& locations = res.set("locations", Value::array());
    if (Value loc = first_location(r.current.stack, access_kind(r.current) + " by " + cur);
        !loc.is_null()) {
      locations.push(std::move(loc));
    } else if (Value prev_loc = first_location(
                   r.previous.stack, "previous " + access_kind(r.previous) + " by " + prev);
               !prev_loc.is_null()) {
      locations.push(std::move(prev_loc));
    } else if (!rr.runs.empty()) {
      locations.push(program_location(report.runs[rr.runs.front()].program));
    }
    Value& related = res.set("relatedLocations", Value::array());
    if (Value loc =
            first_location(r.previous.stack, "previous " + access_kind(r.previous) + " by " + prev);
        !loc.is_null()) {
      loc.set("id", 1);
      related.push(std::move(loc));
    }
    Value& flow = res.set("codeFlows", Value::array()).push(Value::object());
    flow.set("message", Value::object())
        .set("text", "the two goroutines' paths to their unordered accesses");
    Value& threads = flow.set("threadFlows", Value::array());
    threads.push(thread_flow(r, r.current, r.current_events, false));
    threads.push(thread_flow(r, r.previous, r.previous_events, true));
    res.set("partialFingerprints", Value::object()).set("goraceStackPair/v2", rr.fingerprint);
    Value& props = res.set("properties", Value::object());
    props.set("occurrences", r.count);
    Value& runs = props.set("runs", Value::array());
    for (size_t k : rr.runs) {
      Value& run = runs.push(Value::object());
      run.set("program", report.runs[k].program);
      run.set("pid", report.runs[k].pid);
      if (report.runs[k].seed) run.set("seed", *report.runs[k].seed);
    }
    return res;
  }

 private:
  const SarifOptions& o_;
  std::string root_;
};

Value rule() {
  Value r = Value::object();
  r.set("id", kRuleId);
  r.set("name", "DataRace");
  r.set("shortDescription", Value::object()).set("text", "Data race");
  r.set("fullDescription", Value::object())
      .set("text",
           "Two goroutines access the same memory, at least one of them writes, and no "
           "happens-before relation "
           "(channel operation, lock, WaitGroup, atomic, go statement) orders the accesses.");
  Value& help = r.set("help", Value::object());
  help.set("text",
           "Order the two accesses with synchronization (a channel send/receive, a mutex held "
           "around both, "
           "WaitGroup.Wait after Done, or atomics for both), or stop sharing the memory.");
  help.set("markdown",
           "Order the two accesses with synchronization (a channel send/receive, a `Mutex` held "
           "around both, "
           "`WaitGroup.Wait` after `Done`, or atomics for both), or stop sharing the memory. See "
           "[The Go Memory Model](https://go.dev/ref/mem).");
  r.set("defaultConfiguration", Value::object()).set("level", "error");
  Value& props = r.set("properties", Value::object());
  Value& tags = props.set("tags", Value::array());
  tags.push("concurrency");
  tags.push("reliability");
  tags.push("correctness");
  props.set("precision", "high");
  props.set("problem.severity", "error");
  return r;
}

}  // namespace

json::Value to_sarif(const Report& report, const SarifOptions& options) {
  Builder b(options);
  Value log = Value::object();
  log.set("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
  log.set("version", "2.1.0");
  Value& run = log.set("runs", Value::array()).push(Value::object());
  Value& driver = run.set("tool", Value::object()).set("driver", Value::object());
  driver.set("name", "gorace");
  const std::string version = options.tool_version.empty() ? GORACE_VERSION : options.tool_version;
  driver.set("version", version);
  driver.set("semanticVersion", version);
  driver.set("rules", Value::array()).push(rule());
  if (!options.source_root.empty()) {
    std::string root = options.source_root;
    if (root.back() != '/') root += '/';
    run.set("originalUriBaseIds", Value::object())
        .set(kBaseId, Value::object())
        .set("uri", "file://" + uri_encode(root));
  }
  run.set("columnKind", "unicodeCodePoints");
  Value& results = run.set("results", Value::array());
  for (const ReportRace& rr : report.races) results.push(b.result(report, rr));
  return log;
}

}  // namespace gorace::report
