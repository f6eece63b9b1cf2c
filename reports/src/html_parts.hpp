// Internal pieces of the HTML view (render_html in html_page.cpp assembles
// them). Every function returns HTML with program-derived text escaped.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "gorace/report/html.hpp"

namespace gorace::report::html_detail {

/// Source files read at render time, each read at most once.
class SourceCache {
 public:
  explicit SourceCache(std::string source_root) : root_(std::move(source_root)) {}
  /// The lines of `file` (without newlines), or nullptr if it cannot be read
  /// or is not source text: only a regular file outside /proc, /sys and
  /// /dev, of at most 8 MiB, without NUL bytes, is read.
  const std::vector<std::string>* lines(const std::string& file);

 private:
  std::string root_;
  std::map<std::string, std::optional<std::vector<std::string>>> files_;
};

/// Which role a frame plays, for highlighting its line.
enum class FrameRole { kWriteSite, kReadSite, kCallSite };

/// A <div class="snippet"> with the lines around frame.line, the line itself
/// highlighted per `role`, or a note when the file or line is unavailable.
std::string source_snippet(SourceCache& sources, const Frame& frame, FrameRole role,
                           const HtmlOptions& options);

/// An <ol class="frames"> of `stack`; with `role`, frames get snippets (the
/// innermost highlighted as `role`, the others as call sites).
std::string stack_list(SourceCache* sources, const Stack& stack, std::optional<FrameRole> role,
                       const HtmlOptions& options);

/// The <svg> timeline of the two goroutines: sync events, the two accesses
/// and the missing happens-before edge between them. `id` makes its element
/// ids unique in the page.
std::string timeline_svg(const Race& race, const HtmlOptions& options, const std::string& id);

/// The page's stylesheet and script (no external resources).
extern const char* const kStyle;
extern const char* const kScript;

}  // namespace gorace::report::html_detail
