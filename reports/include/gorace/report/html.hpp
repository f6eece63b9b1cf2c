// The HTML view: one self-contained page (inline CSS, JS and SVG; a CSP that
// forbids every network request) that reviews a Report.
#pragma once

#include <cstddef>
#include <string>

#include "gorace/report/report.hpp"

namespace gorace::report {

/// How the HTML report is rendered.
struct HtmlOptions {
  std::string strip_path_prefix;  ///< removed from shown paths (not from the paths read)
  std::string source_root;        ///< relative source paths are read from here ("" = as given)
  int context_lines = 3;          ///< source lines shown before and after each frame's line
  /// Races after this many (in report order) get a table row but no detail
  /// section, which keeps pages of programs with thousands of races usable.
  size_t max_detailed_races = 1000;
  std::string title;  ///< page title; "" = derived from the runs
};

/// Renders `report` as one HTML document. Source snippets are read from the
/// source files now; a missing file gets a note instead. Everything that
/// comes from the program is HTML-escaped.
std::string render_html(const Report& report, const HtmlOptions& options);

/// `s` with &, <, >, " and ' replaced by character references, control
/// characters shown as "\xNN" and invalid UTF-8 as U+FFFD
/// (visible_controls with InvalidUtf8::kReplacement).
std::string html_escape(std::string_view s);

}  // namespace gorace::report
