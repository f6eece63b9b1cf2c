// The race model <-> JSON (field names and shapes are documented in
// reports/SCHEMA.md; keep the two in step).
#include <cstdio>

#include "gorace/report/model_json.hpp"

namespace gorace::report {
namespace {

using json::Value;

// ---- writing ----

Value frame_to_json(const Frame& f) {
  Value v = Value::object();
  v.set("function", f.function);
  v.set("file", f.file);
  v.set("line", f.line);
  v.set("column", f.column);
  return v;
}

Value stack_to_json(const Stack& s) {
  Value v = Value::array();
  for (const Frame& f : s) v.push(frame_to_json(f));
  return v;
}

Value access_to_json(const Access& a) {
  Value v = Value::object();
  v.set("goroutine", a.goroutine);
  if (a.thread != 0) v.set("thread", a.thread);
  v.set("write", a.is_write);
  v.set("atomic", a.is_atomic);
  v.set("size", a.size);
  v.set("address", hex_address(a.address));
  v.set("stack", stack_to_json(a.stack));
  return v;
}

Value chain_to_json(const std::vector<Goroutine>& chain) {
  Value v = Value::array();
  for (const Goroutine& g : chain) {
    Value& o = v.push(Value::object());
    o.set("id", g.id);
    if (g.thread != 0) o.set("thread", g.thread);
    o.set("main", g.is_main);
    o.set("running", g.running);
    o.set("created_at", stack_to_json(g.created_at));
  }
  return v;
}

Value events_to_json(const std::vector<SyncEvent>& events) {
  Value v = Value::array();
  for (const SyncEvent& e : events) {
    Value& o = v.push(Value::object());
    o.set("kind", e.kind);
    o.set("what", e.what);
    o.set("object", hex_address(e.object));
    o.set("epoch", e.epoch);
    o.set("where", frame_to_json(e.where));
  }
  return v;
}

const char* location_kind_name(Location::Kind k) {
  switch (k) {
    case Location::Kind::kHeap:
      return "heap";
    case Location::Kind::kGlobal:
      return "global";
    case Location::Kind::kStack:
      return "stack";
    case Location::Kind::kUnknown:
      break;
  }
  return "unknown";
}

Value location_to_json(const Location& l) {
  Value v = Value::object();
  v.set("kind", location_kind_name(l.kind));
  switch (l.kind) {
    case Location::Kind::kHeap:
      v.set("block_start", hex_address(l.block_start));
      v.set("block_size", l.block_size);
      v.set("alloc_goroutine", l.alloc_goroutine);
      if (l.alloc_thread != 0) v.set("alloc_thread", l.alloc_thread);
      v.set("alloc_stack", stack_to_json(l.alloc_stack));
      break;
    case Location::Kind::kGlobal:
      v.set("block_start", hex_address(l.block_start));
      v.set("block_size", l.block_size);
      v.set("global_name", l.global_name);
      v.set("global_decl", frame_to_json(l.global_decl));
      break;
    case Location::Kind::kStack:
      v.set("stack_goroutine", l.stack_goroutine);
      if (l.stack_thread != 0) v.set("stack_thread", l.stack_thread);
      break;
    case Location::Kind::kUnknown:
      break;
  }
  return v;
}

// ---- reading ----
// Every reader takes the JSON path of its value so errors say where they are.

[[noreturn]] void fail_at(const std::string& path, const std::string& what) {
  throw json::Error(path.empty() ? what : path + ": " + what);
}

template <class F>
auto at_path(const std::string& path, F f) -> decltype(f()) {
  try {
    return f();
  } catch (const json::Error& e) {
    fail_at(path, e.what());
  }
}

std::string join(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}

const Value& require(const Value& obj, std::string_view key, const std::string& path) {
  if (!obj.is_object()) fail_at(path, "expected an object");
  const Value* v = obj.find(key);
  if (!v) fail_at(path, "missing field \"" + std::string(key) + "\"");
  return *v;
}

uint64_t get_u64(const Value& obj, std::string_view key, const std::string& path,
                 uint64_t def = 0) {
  const Value* v = obj.find(key);
  if (!v || v->is_null()) return def;
  return at_path(join(path, key), [&] { return v->as_u64(); });
}

uint32_t get_u32(const Value& obj, std::string_view key, const std::string& path) {
  uint64_t v = get_u64(obj, key, path);
  if (v > UINT32_MAX) fail_at(join(path, key), "value " + std::to_string(v) + " exceeds 32 bits");
  return static_cast<uint32_t>(v);
}

bool get_bool(const Value& obj, std::string_view key, const std::string& path, bool def) {
  const Value* v = obj.find(key);
  if (!v || v->is_null()) return def;
  return at_path(join(path, key), [&] { return v->as_bool(); });
}

std::string get_string(const Value& obj, std::string_view key, const std::string& path) {
  const Value* v = obj.find(key);
  if (!v || v->is_null()) return {};
  return at_path(join(path, key), [&] { return v->as_string(); });
}

/// Addresses are written as "0x..." strings; plain numbers are accepted too.
uint64_t get_address(const Value& obj, std::string_view key, const std::string& path) {
  const Value* v = obj.find(key);
  if (!v || v->is_null()) return 0;
  if (v->is_number()) return at_path(join(path, key), [&] { return v->as_u64(); });
  const std::string& s =
      at_path(join(path, key), [&]() -> const std::string& { return v->as_string(); });
  if (s.size() < 3 || s.size() > 18 || s[0] != '0' || (s[1] != 'x' && s[1] != 'X'))
    fail_at(join(path, key), "expected a hex address like \"0x00c000010000\", found \"" + s + "\"");
  uint64_t out = 0;
  for (size_t i = 2; i < s.size(); ++i) {
    char c = s[i];
    int d = (c >= '0' && c <= '9')   ? c - '0'
            : (c >= 'a' && c <= 'f') ? c - 'a' + 10
            : (c >= 'A' && c <= 'F') ? c - 'A' + 10
                                     : -1;
    if (d < 0) fail_at(join(path, key), "invalid hex digit in \"" + s + "\"");
    out = out << 4 | static_cast<uint64_t>(d);
  }
  return out;
}

const std::vector<Value>& get_array(const Value& obj, std::string_view key,
                                    const std::string& path) {
  static const std::vector<Value> kEmpty;
  const Value* v = obj.find(key);
  if (!v || v->is_null()) return kEmpty;
  return at_path(join(path, key), [&]() -> const std::vector<Value>& { return v->items(); });
}

Frame frame_from_json(const Value& v, const std::string& path) {
  if (!v.is_object()) fail_at(path, "expected a frame object");
  Frame f;
  f.function = get_string(v, "function", path);
  f.file = get_string(v, "file", path);
  f.line = get_u32(v, "line", path);
  f.column = get_u32(v, "column", path);
  return f;
}

Stack stack_from_json(const Value& obj, std::string_view key, const std::string& path) {
  Stack s;
  const auto& items = get_array(obj, key, path);
  for (size_t i = 0; i < items.size(); ++i)
    s.push_back(frame_from_json(items[i], join(path, key) + "[" + std::to_string(i) + "]"));
  return s;
}

Access access_from_json(const Value& v, const std::string& path) {
  if (!v.is_object()) fail_at(path, "expected an access object");
  Access a;
  a.goroutine = get_u64(v, "goroutine", path);
  a.thread = get_u64(v, "thread", path);
  a.is_write = get_bool(v, "write", path, false);
  a.is_atomic = get_bool(v, "atomic", path, false);
  a.size = get_u32(v, "size", path);
  a.address = get_address(v, "address", path);
  require(v, "stack", path);
  a.stack = stack_from_json(v, "stack", path);
  return a;
}

std::vector<Goroutine> chain_from_json(const Value& obj, std::string_view key,
                                       const std::string& path) {
  std::vector<Goroutine> chain;
  const auto& items = get_array(obj, key, path);
  for (size_t i = 0; i < items.size(); ++i) {
    std::string p = join(path, key) + "[" + std::to_string(i) + "]";
    if (!items[i].is_object()) fail_at(p, "expected a goroutine object");
    Goroutine g;
    g.id = get_u64(items[i], "id", p);
    g.thread = get_u64(items[i], "thread", p);
    g.is_main = get_bool(items[i], "main", p, false);
    g.running = get_bool(items[i], "running", p, true);
    g.created_at = stack_from_json(items[i], "created_at", p);
    chain.push_back(std::move(g));
  }
  return chain;
}

std::vector<SyncEvent> events_from_json(const Value& obj, std::string_view key,
                                        const std::string& path) {
  std::vector<SyncEvent> events;
  const auto& items = get_array(obj, key, path);
  for (size_t i = 0; i < items.size(); ++i) {
    std::string p = join(path, key) + "[" + std::to_string(i) + "]";
    if (!items[i].is_object()) fail_at(p, "expected a sync event object");
    SyncEvent e;
    e.kind = get_string(items[i], "kind", p);
    e.what = get_string(items[i], "what", p);
    e.object = get_address(items[i], "object", p);
    e.epoch = get_u64(items[i], "epoch", p);
    if (const Value* w = items[i].find("where"); w && !w->is_null())
      e.where = frame_from_json(*w, join(p, "where"));
    events.push_back(std::move(e));
  }
  return events;
}

Location location_from_json(const Value& v, const std::string& path) {
  if (!v.is_object()) fail_at(path, "expected a location object");
  Location l;
  std::string kind = get_string(v, "kind", path);
  if (kind == "heap")
    l.kind = Location::Kind::kHeap;
  else if (kind == "global")
    l.kind = Location::Kind::kGlobal;
  else if (kind == "stack")
    l.kind = Location::Kind::kStack;
  else if (kind == "unknown" || kind.empty())
    l.kind = Location::Kind::kUnknown;
  else
    fail_at(join(path, "kind"), "unknown location kind \"" + kind + "\"");
  l.block_start = get_address(v, "block_start", path);
  l.block_size = get_u64(v, "block_size", path);
  l.alloc_goroutine = get_u64(v, "alloc_goroutine", path);
  l.alloc_thread = get_u64(v, "alloc_thread", path);
  l.alloc_stack = stack_from_json(v, "alloc_stack", path);
  l.global_name = get_string(v, "global_name", path);
  if (const Value* d = v.find("global_decl"); d && !d->is_null())
    l.global_decl = frame_from_json(*d, join(path, "global_decl"));
  l.stack_goroutine = get_u64(v, "stack_goroutine", path);
  l.stack_thread = get_u64(v, "stack_thread", path);
  return l;
}

}  // namespace

std::string hex_address(uint64_t address) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "0x%012llx", static_cast<unsigned long long>(address));
  return buf;
}

json::Value run_to_json(const RunInfo& run) {
  Value v = Value::object();
  v.set("type", "run");
  v.set("version", kLogSchemaVersion);
  v.set("program", run.program);
  Value& args = v.set("args", Value::array());
  for (const std::string& a : run.args) args.push(a);
  v.set("pid", run.pid);
  v.set("start_time", run.start_time);
  v.set("gomaxprocs", run.gomaxprocs);
  v.set("seed", run.seed ? Value(*run.seed) : Value());
  v.set("strategy", run.strategy);
  if (run.pct_depth > 0) v.set("pct_depth", run.pct_depth);
  if (run.pct_steps >= 0) v.set("pct_steps", run.pct_steps);
  return v;
}

json::Value race_to_json(const Race& race, const std::string& fp) {
  Value v = Value::object();
  v.set("type", "race");
  v.set("version", kLogSchemaVersion);
  v.set("fingerprint", fp);
  v.set("count", race.count);
  v.set("current", access_to_json(race.current));
  v.set("previous", access_to_json(race.previous));
  v.set("current_chain", chain_to_json(race.current_chain));
  v.set("previous_chain", chain_to_json(race.previous_chain));
  v.set("location", location_to_json(race.location));
  v.set("current_events", events_to_json(race.current_events));
  v.set("previous_events", events_to_json(race.previous_events));
  return v;
}

RunInfo run_from_json(const json::Value& v) {
  RunInfo run;
  run.program = get_string(v, "program", "");
  for (size_t i = 0; const Value& a : get_array(v, "args", "")) {
    run.args.push_back(at_path("args[" + std::to_string(i) + "]", [&] { return a.as_string(); }));
    ++i;
  }
  if (const Value* pid = v.find("pid"); pid && !pid->is_null())
    run.pid = at_path("pid", [&] { return pid->as_i64(); });
  run.start_time = get_string(v, "start_time", "");
  uint64_t procs = get_u64(v, "gomaxprocs", "");
  if (procs > 1u << 20) fail_at("gomaxprocs", "implausible value " + std::to_string(procs));
  run.gomaxprocs = static_cast<int>(procs);
  if (const Value* seed = v.find("seed"); seed && !seed->is_null())
    run.seed = at_path("seed", [&] { return seed->as_u64(); });
  run.strategy = get_string(v, "strategy", "");
  if (const Value* depth = v.find("pct_depth"); depth && !depth->is_null()) {
    uint64_t d = at_path("pct_depth", [&] { return depth->as_u64(); });
    if (d < 1 || d > 1000) fail_at("pct_depth", "out of range: " + std::to_string(d));
    run.pct_depth = static_cast<int>(d);
  }
  if (const Value* steps = v.find("pct_steps"); steps && !steps->is_null()) {
    uint64_t k = at_path("pct_steps", [&] { return steps->as_u64(); });
    if (k > 1000000000) fail_at("pct_steps", "out of range: " + std::to_string(k));
    run.pct_steps = static_cast<int64_t>(k);
  }
  return run;
}

Race race_from_json(const json::Value& v) {
  Race race;
  race.current = access_from_json(require(v, "current", ""), "current");
  race.previous = access_from_json(require(v, "previous", ""), "previous");
  race.current_chain = chain_from_json(v, "current_chain", "");
  race.previous_chain = chain_from_json(v, "previous_chain", "");
  if (const Value* l = v.find("location"); l && !l->is_null())
    race.location = location_from_json(*l, "location");
  race.current_events = events_from_json(v, "current_events", "");
  race.previous_events = events_from_json(v, "previous_events", "");
  race.count = get_u64(v, "count", "", 1);
  if (race.count == 0) fail_at("count", "must be at least 1");
  return race;
}

}  // namespace gorace::report
