// Wording shared by the text, HTML and SARIF views.
#include "gorace/report/describe.hpp"

#include <algorithm>
#include <cstdio>

#include "gorace/report/json.hpp"

namespace gorace::report {
namespace {

/// Whether the valid UTF-8 sequence `seq` is a control character a
/// terminal acts on: C0 other than '\n' and '\t', DEL, or C1.
bool is_control(std::string_view seq) {
  const auto c = static_cast<unsigned char>(seq[0]);
  if (seq.size() == 1) return (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f;
  return seq.size() == 2 && c == 0xc2 && static_cast<unsigned char>(seq[1]) < 0xa0;
}

void append_hex_escapes(std::string& out, std::string_view bytes) {
  for (unsigned char c : bytes) {
    char buf[5];
    std::snprintf(buf, sizeof buf, "\\x%02x", c);
    out += buf;
  }
}

}  // namespace

std::string visible_controls(std::string_view text, InvalidUtf8 invalid) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    const size_t n = json::utf8_sequence_length(text, i);
    if (n == 0 && invalid == InvalidUtf8::kReplacement) {
      out += "\xef\xbf\xbd";
    } else if (n == 0 || is_control(text.substr(i, n))) {
      append_hex_escapes(out, text.substr(i, n == 0 ? 1 : n));
    } else {
      out.append(text.substr(i, n));
    }
    i += n == 0 ? 1 : n;
  }
  return out;
}

std::string strip_path(std::string_view path, std::string_view prefix) {
  if (!prefix.empty() && path.substr(0, prefix.size()) == prefix) path.remove_prefix(prefix.size());
  return std::string(path);
}

bool on_main_goroutine(const Race& race, const Access& access) {
  const auto& chain = &access == &race.previous ? race.previous_chain : race.current_chain;
  if (!chain.empty()) return chain.front().is_main;
  return access.goroutine == 1;
}

namespace {

/// "main thread", "thread T3" or "thread" (number unknown).
std::string thread_label(uint64_t thread) {
  if (thread == 1) return "main thread";
  if (thread > 1) return "thread T" + std::to_string(thread - 1);
  return "thread";
}

}  // namespace

std::string goroutine_label(uint64_t id, bool is_main, uint64_t thread) {
  if (is_main) return "main goroutine";
  if (id == 0) return thread_label(thread);
  return "goroutine " + std::to_string(id);
}

std::string goroutine_short(uint64_t id, bool is_main, uint64_t thread) {
  if (is_main) return "main";
  if (id == 0)
    return thread == 0   ? "an outside thread"
           : thread == 1 ? "the main thread"
                         : thread_label(thread);
  return "goroutine " + std::to_string(id);
}

std::string access_kind(const Access& access) {
  std::string k = access.is_atomic ? "atomic " : "";
  return k + (access.is_write ? "write" : "read");
}

bool is_program_frame(const Frame& frame) {
  const std::string_view file = frame.file;
  const std::string_view function = frame.function;
  return !(function.substr(0, 5) == "gor::" ||
           file.find("/include/gor/") != std::string_view::npos ||
           file.substr(0, 13) == "/usr/include/" || file.substr(0, 9) == "/usr/lib/" ||
           file.substr(0, 19) == "/usr/local/include/" ||
           file.find("/include/c++/") != std::string_view::npos);
}

const Frame* program_frame(const Stack& stack) {
  const Frame* positioned = nullptr;
  for (const Frame& frame : stack) {
    if (frame.file.empty() || frame.line == 0) continue;
    if (is_program_frame(frame)) return &frame;
    if (positioned == nullptr) positioned = &frame;
  }
  return positioned;
}

std::string frame_position(const Frame& frame, std::string_view strip_prefix) {
  if (frame.file.empty()) return "??";
  std::string out = strip_path(frame.file, strip_prefix);
  out += ':' + std::to_string(frame.line);
  if (frame.column != 0) out += ':' + std::to_string(frame.column);
  return out;
}

std::string short_position(const Frame& frame) {
  if (frame.file.empty()) return "an unknown place";
  std::string_view f = frame.file;
  if (size_t slash = f.rfind('/'); slash != std::string_view::npos) f.remove_prefix(slash + 1);
  return std::string(f) + ":" + std::to_string(frame.line);
}

namespace {

bool is_release(const SyncEvent& e) {
  return e.kind == "release" || e.kind == "release_merge" || e.kind == "release_acquire" ||
         e.kind == "go";
}
bool is_acquire(const SyncEvent& e) {
  return e.kind == "acquire" || e.kind == "release_acquire";
}

std::string event_words(const SyncEvent& e) {
  std::string what = e.what.empty() ? e.kind : e.what;
  if (!e.where.file.empty()) what += " at " + short_position(e.where);
  return what;
}

// Whether chain entry `g` is the goroutine or thread that made `access`
// (threads all have goroutine id 0: their numbers tell them apart).
bool made(const Goroutine& g, const Access& access, bool access_on_main) {
  return g.id == access.goroutine && g.is_main == access_on_main &&
         (g.id != 0 || g.thread == access.thread);
}

}  // namespace

std::string explain_unordered(const Race& race) {
  const Access& cur = race.current;
  const Access& prev = race.previous;
  const bool cur_main = on_main_goroutine(race, cur);
  const bool prev_main = on_main_goroutine(race, prev);
  const std::string c = goroutine_short(cur.goroutine, cur_main, cur.thread);
  const std::string p = goroutine_short(prev.goroutine, prev_main, prev.thread);
  // Each access at its innermost frame in the program's own code: a race
  // inside a library's template is the program's line that called it.
  const Frame* at_c = program_frame(cur.stack);
  const Frame* at_p = program_frame(prev.stack);
  const std::string pos_c = at_c == nullptr ? "an unknown place" : short_position(*at_c);
  const std::string pos_p = at_p == nullptr ? "an unknown place" : short_position(*at_p);
  std::string head = p + "'s " + access_kind(prev) + " at " + pos_p + " and " + c + "'s " +
                     access_kind(cur) + " at " + pos_c + " are unordered: ";

  if (cur.goroutine == prev.goroutine && cur_main == prev_main && cur.goroutine != 0)
    return head +
           "they ran on the same goroutine id, so one of them ran before the id was reused; "
           "nothing ordered the old goroutine's access with the new one.";

  // The previous goroutine started the current one after its access: the go
  // statement orders only what came before it.
  for (size_t i = 1; i < race.current_chain.size(); ++i) {
    const Goroutine& ancestor = race.current_chain[i];
    if (made(ancestor, prev, prev_main)) {
      const Goroutine& child = race.current_chain[i - 1];
      std::string go_pos =
          child.created_at.empty() ? "" : " at " + short_position(child.created_at.front());
      const std::string start = child.id == 0 ? "thread creation" : "go statement";
      return head + p + " started " +
             (i == 1 ? c
                     : "its ancestor " + goroutine_short(child.id, child.is_main, child.thread)) +
             " (" + start + go_pos + ") before the " + access_kind(prev) + ", and the " + start +
             " orders only what precedes it; nothing " + p + " released after the " +
             access_kind(prev) + " was acquired by " + c + ".";
    }
  }
  for (size_t i = 1; i < race.previous_chain.size(); ++i) {
    const Goroutine& ancestor = race.previous_chain[i];
    if (!made(ancestor, cur, cur_main)) continue;
    // It may have waited, too early: a WaitGroup.wait before the new
    // goroutine's add, or a receive of what was sent before the access.
    for (auto a = race.current_events.rbegin(); a != race.current_events.rend(); ++a) {
      if (!is_acquire(*a)) continue;
      const bool wait_group = a->what.find("WaitGroup") != std::string::npos;
      return head + c + " created " + p + ", and its last acquire (" + event_words(*a) +
             ") came before " + p + " released anything after its " + access_kind(prev) +
             (wait_group ? " (a WaitGroup's add must precede the go statement, not run inside "
                           "the goroutine)"
                         : "") +
             ": nothing orders the " + access_kind(prev) + " before " + c + "'s " +
             access_kind(cur) + ".";
    }
    return head + c + " created " + p + " but did not wait for it: nothing " + p +
           " released after its " + access_kind(prev) + " was acquired by " + c + " before its " +
           access_kind(cur) + ".";
  }

  // A sync object both used: the previous goroutine's release of it came
  // before its access, so acquiring it orders nothing after that release.
  for (auto a = race.current_events.rbegin(); a != race.current_events.rend(); ++a) {
    if (!is_acquire(*a)) continue;
    for (auto r = race.previous_events.rbegin(); r != race.previous_events.rend(); ++r) {
      if (is_release(*r) && r->object == a->object && r->object != 0)
        return head + c + "'s " + event_words(*a) + " acquired only what " + p +
               " released before its " + access_kind(prev) + " (" + event_words(*r) + "); " + p +
               " released nothing afterwards that " + c + " acquired.";
    }
  }
  for (auto a = race.current_events.rbegin(); a != race.current_events.rend(); ++a) {
    if (is_acquire(*a))
      return head + c + "'s last acquire (" + event_words(*a) + ") synchronizes with nothing " + p +
             " released after its " + access_kind(prev) + ".";
  }
  return head + "no synchronization between them — " + p + " released nothing that " + c +
         " acquired after the " + access_kind(prev) + ".";
}

}  // namespace gorace::report
