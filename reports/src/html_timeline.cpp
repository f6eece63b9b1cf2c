// The SVG timeline of a race: one lane per goroutine, its recent sync events
// and its access, the sync edges that exist and the happens-before edge that
// does not.
#include <algorithm>
#include <cstdio>
#include <string_view>

#include "gorace/report/describe.hpp"
#include "gorace/report/model_json.hpp"
#include "html_parts.hpp"

namespace gorace::report::html_detail {
namespace {

constexpr int kWidth = 960;
constexpr int kLaneX0 = 160;          ///< lanes start right of their labels
constexpr int kLaneY[2] = {78, 168};  ///< previous goroutine's lane, then current's
constexpr int kHeight = 250;
// Labels sit on the outer side of each lane (above the top lane, below the
// bottom one), so the edges between the lanes cross no text.
constexpr int kLabelDy[2][2] = {{-30, -16}, {24, 38}};  ///< [lane][name, position]
constexpr size_t kMaxEvents = 6;                        ///< most recent sync events drawn per lane

bool is_release(const SyncEvent& e) {
  return e.kind == "release" || e.kind == "release_merge" || e.kind == "release_acquire";
}
bool is_acquire(const SyncEvent& e) {
  return e.kind == "acquire" || e.kind == "release_acquire";
}

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

std::string clip(const std::string& s, size_t n) {
  return s.size() <= n ? s : s.substr(0, n - 1) + "\u2026";
}

struct Lane {
  const Access* access;
  std::string name;               ///< "goroutine 7" / "main goroutine"
  std::vector<SyncEvent> events;  ///< most recent, oldest first
  std::vector<double> event_x;
  double access_x = 0;
  int y = 0;
};

std::string event_marker(const SyncEvent& e, double x, int y, int lane, const HtmlOptions& o) {
  std::string shape;
  std::string cls;
  if (e.kind == "go") {
    cls = "ev-go";
    shape = "<circle cx=\"" + num(x) + "\" cy=\"" + std::to_string(y) + "\" r=\"7\"/>";
  } else if (e.kind == "release_acquire") {
    cls = "ev-ra";
    shape = "<path d=\"M" + num(x) + " " + std::to_string(y - 8) + " l8 8 l-8 8 l-8 -8 z\"/>";
  } else if (is_acquire(e)) {
    cls = "ev-acq";
    shape = "<path d=\"M" + num(x - 8) + " " + std::to_string(y - 6) + " h16 l-8 13 z\"/>";
  } else {
    cls = "ev-rel";
    shape = "<path d=\"M" + num(x - 8) + " " + std::to_string(y + 7) + " h16 l-8 -13 z\"/>";
  }
  std::string what = e.what.empty() ? e.kind : e.what;
  std::string tip = what + " (" + e.kind + ") on " + hex_address(e.object);
  // The label is short: "Chan::send" for the runtime's "gor::Chan::send".
  std::string_view label = what;
  if (label.starts_with("gor::")) label.remove_prefix(5);
  if (!e.where.file.empty()) tip += " at " + frame_position(e.where, o.strip_path_prefix);
  std::string out = "<g class=\"ev " + cls + "\"><title>" + html_escape(tip) + "</title>" + shape;
  out += "<text class=\"ev-label\" x=\"" + num(x) + "\" y=\"" +
         std::to_string(y + kLabelDy[lane][0]) + "\">" + html_escape(clip(std::string(label), 18)) +
         "</text>";
  if (!e.where.file.empty())
    out += "<text class=\"ev-pos\" x=\"" + num(x) + "\" y=\"" +
           std::to_string(y + kLabelDy[lane][1]) + "\">" +
           html_escape(clip(short_position(e.where), 22)) + "</text>";
  return out + "</g>";
}

std::string access_marker(const Access& a, const std::string& who, double x, int y, int lane,
                          const HtmlOptions& o) {
  const char* cls = a.is_write ? "acc acc-write" : "acc acc-read";
  std::string pos = a.stack.empty() ? "??" : short_position(a.stack.front());
  std::string tip =
      who + " " + access_kind(a) + " of size " + std::to_string(a.size) + " at " +
      hex_address(a.address) +
      (a.stack.empty() ? ""
                       : " in " + a.stack.front().function + " (" +
                             frame_position(a.stack.front(), o.strip_path_prefix) + ")");
  std::string out = std::string("<g class=\"") + cls + (a.is_atomic ? " acc-atomic" : "") +
                    "\"><title>" + html_escape(tip) + "</title>";
  out += "<rect x=\"" + num(x - 15) + "\" y=\"" + std::to_string(y - 12) +
         "\" width=\"30\" height=\"24\" rx=\"5\"/>";
  out += "<text class=\"acc-letter\" x=\"" + num(x) + "\" y=\"" + std::to_string(y + 5) + "\">" +
         (a.is_write ? "W" : "R") + "</text>";
  out += "<text class=\"acc-label\" x=\"" + num(x) + "\" y=\"" +
         std::to_string(y + kLabelDy[lane][0]) + "\">" + html_escape(access_kind(a)) + "</text>";
  out += "<text class=\"ev-pos\" x=\"" + num(x) + "\" y=\"" +
         std::to_string(y + kLabelDy[lane][1]) + "\">" + html_escape(clip(pos, 24)) + "</text>";
  return out + "</g>";
}

std::string arrow(double x1, double y1, double x2, double y2, const std::string& cls,
                  const std::string& marker) {
  return "<line class=\"" + cls + "\" x1=\"" + num(x1) + "\" y1=\"" + num(y1) + "\" x2=\"" +
         num(x2) + "\" y2=\"" + num(y2) + "\" marker-end=\"url(#" + marker + ")\"/>";
}

}  // namespace

std::string timeline_svg(const Race& race, const HtmlOptions& options, const std::string& id) {
  Lane lanes[2];
  const Access* accesses[2] = {&race.previous, &race.current};
  const std::vector<SyncEvent>* events[2] = {&race.previous_events, &race.current_events};
  for (int i = 0; i < 2; ++i) {
    lanes[i].access = accesses[i];
    lanes[i].name = goroutine_label(accesses[i]->goroutine, on_main_goroutine(race, *accesses[i]),
                                    accesses[i]->thread);
    const auto& ev = *events[i];
    size_t from = ev.size() > kMaxEvents ? ev.size() - kMaxEvents : 0;
    lanes[i].events.assign(ev.begin() + static_cast<std::ptrdiff_t>(from), ev.end());
    lanes[i].y = kLaneY[i];
  }
  // Slots: each lane's items end at its access; the previous access sits one
  // slot before the current one (it happened earlier in real time).
  const size_t prev_items = lanes[0].events.size() + 1;
  const size_t cur_items = lanes[1].events.size() + 1;
  const size_t prev_access_slot = std::max(prev_items - 1, cur_items >= 2 ? cur_items - 2 : 0);
  const size_t slots = prev_access_slot + 2;
  const double slot_w = static_cast<double>(kWidth - kLaneX0 - 30) / static_cast<double>(slots);
  auto slot_x = [&](size_t s) { return kLaneX0 + 10 + slot_w * (static_cast<double>(s) + 0.5); };
  for (int i = 0; i < 2; ++i) {
    size_t access_slot = prev_access_slot + static_cast<size_t>(i);
    size_t n = lanes[i].events.size();
    for (size_t k = 0; k < n; ++k) lanes[i].event_x.push_back(slot_x(access_slot - (n - k)));
    lanes[i].access_x = slot_x(access_slot);
  }

  const std::string arrow_id = "arrow-" + id;
  const std::string arrow_bad = "arrow-bad-" + id;
  std::string out = "<svg class=\"timeline\" viewBox=\"0 0 " + std::to_string(kWidth) + " " +
                    std::to_string(kHeight) +
                    "\" role=\"img\" aria-label=\"Timeline of the two goroutines\" "
                    "xmlns=\"http://www.w3.org/2000/svg\">";
  out += "<defs><marker id=\"" + arrow_id +
         "\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" "
         "orient=\"auto\">"
         "<path d=\"M0 0 L10 5 L0 10 z\" class=\"arrow-head\"/></marker>"
         "<marker id=\"" +
         arrow_bad +
         "\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" "
         "orient=\"auto\">"
         "<path d=\"M0 0 L10 5 L0 10 z\" class=\"arrow-head-bad\"/></marker></defs>";
  out +=
      "<text class=\"axis\" x=\"" + std::to_string(kWidth - 20) + "\" y=\"20\">time \u2192</text>";

  for (int i = 0; i < 2; ++i) {
    const Lane& lane = lanes[i];
    const char* g = i == 0 ? "g-prev" : "g-cur";
    out += std::string("<g class=\"lane ") + g + "\">";
    out += "<line class=\"lane-line\" x1=\"" + std::to_string(kLaneX0) + "\" y1=\"" +
           std::to_string(lane.y) + "\" x2=\"" + num(lane.access_x + 20) + "\" y2=\"" +
           std::to_string(lane.y) + "\"/>";
    out += "<text class=\"lane-name\" x=\"12\" y=\"" + std::to_string(lane.y - 4) + "\">" +
           html_escape(lane.name) + "</text>";
    out += "<text class=\"lane-role\" x=\"12\" y=\"" + std::to_string(lane.y + 13) + "\">" +
           (i == 0 ? "previous access" : "current access") + "</text></g>";
  }

  // The go statement that created one goroutine from the other.
  auto go_edge = [&](int parent, const std::vector<Goroutine>& child_chain) {
    const Access& p = *lanes[parent].access;
    if (child_chain.size() < 2 || child_chain[1].id != p.goroutine) return;
    for (size_t k = lanes[parent].events.size(); k-- > 0;) {
      if (lanes[parent].events[k].kind != "go") continue;
      out += arrow(lanes[parent].event_x[k], lanes[parent].y + 8, kLaneX0 + 4,
                   lanes[1 - parent].y - 6, "edge edge-go", arrow_id);
      return;
    }
  };
  go_edge(0, race.current_chain);
  go_edge(1, race.previous_chain);

  // Sync edges that exist: a release by one goroutine acquired by the other.
  for (size_t a = 0; a < lanes[1].events.size(); ++a) {
    if (!is_acquire(lanes[1].events[a])) continue;
    for (size_t r = lanes[0].events.size(); r-- > 0;) {
      const SyncEvent& rel = lanes[0].events[r];
      if (!is_release(rel) || rel.object == 0 || rel.object != lanes[1].events[a].object) continue;
      out += arrow(lanes[0].event_x[r], lanes[0].y + 9, lanes[1].event_x[a], lanes[1].y - 9,
                   "edge edge-sync", arrow_id);
      break;
    }
  }

  for (int i = 0; i < 2; ++i)
    for (size_t k = 0; k < lanes[i].events.size(); ++k)
      out += event_marker(lanes[i].events[k], lanes[i].event_x[k], lanes[i].y, i, options);

  // The happens-before edge that is missing between the two accesses.
  double x1 = lanes[0].access_x, y1 = lanes[0].y + 14, x2 = lanes[1].access_x, y2 = lanes[1].y - 14;
  out += "<g class=\"no-hb\"><title>No happens-before edge orders these two accesses</title>";
  out += arrow(x1, y1, x2, y2, "edge edge-missing", arrow_bad);
  double mx = (x1 + x2) / 2, my = (y1 + y2) / 2;
  out += "<text class=\"no-hb-x\" x=\"" + num(mx) + "\" y=\"" + num(my + 5) + "\">\u2715</text>";
  out += "<text class=\"no-hb-label\" x=\"" + num(mx + 12) + "\" y=\"" + num(my + 4) +
         "\">no happens-before</text></g>";

  out += access_marker(race.previous, lanes[0].name, lanes[0].access_x, lanes[0].y, 0, options);
  out += access_marker(race.current, lanes[1].name, lanes[1].access_x, lanes[1].y, 1, options);

  // Legend: each kind of mark, then its words.
  const int ly = kHeight - 12;
  const std::string base = std::to_string(ly + 4), mid = std::to_string(ly - 1);
  auto words = [&](int x, const char* text) {
    out += "<text x=\"" + std::to_string(x) + "\" y=\"" + std::to_string(ly + 3) + "\">" + text +
           "</text>";
  };
  auto edge = [&](int x, const char* cls) {
    out += std::string("<line class=\"edge ") + cls + "\" x1=\"" + std::to_string(x) + "\" y1=\"" +
           mid + "\" x2=\"" + std::to_string(x + 30) + "\" y2=\"" + mid + "\"/>";
  };
  out += "<g class=\"legend\">";
  out += "<path class=\"ev-rel\" d=\"M12 " + base + " h12 l-6 -10 z\"/>";
  words(30, "release");
  out += "<path class=\"ev-acq\" d=\"M98 " + std::to_string(ly - 6) + " h12 l-6 10 z\"/>";
  words(116, "acquire");
  out += "<path class=\"ev-ra\" d=\"M190 " + std::to_string(ly - 7) + " l6 6 l-6 6 l-6 -6 z\"/>";
  words(202, "release-acquire");
  out += "<circle class=\"ev-go\" cx=\"318\" cy=\"" + mid + "\" r=\"5\"/>";
  words(328, "go statement");
  edge(425, "edge-sync");
  words(462, "synchronizes-with");
  edge(590, "edge-missing");
  words(627, "unordered (the race)");
  out += "</g>";
  out += "</svg>";
  return out;
}

}  // namespace gorace::report::html_detail
