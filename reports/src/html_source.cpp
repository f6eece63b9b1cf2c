// Source snippets and stack lists for the HTML view.
#include <fstream>

#include "gorace/report/describe.hpp"
#include "html_parts.hpp"

namespace gorace::report::html_detail {

namespace {
constexpr size_t kMaxSourceBytes = 8u << 20;  ///< larger files are not shown
constexpr size_t kMaxSnippetFrames = 8;       ///< frames per stack with a snippet
}  // namespace

const std::vector<std::string>* SourceCache::lines(const std::string& file) {
  auto [it, inserted] = files_.try_emplace(file);
  if (inserted) {
    std::string path =
        (!root_.empty() && !file.empty() && file[0] != '/') ? root_ + "/" + file : file;
    std::ifstream in(path, std::ios::binary | std::ios::ate);
    if (in && in.tellg() >= 0 && static_cast<size_t>(in.tellg()) <= kMaxSourceBytes) {
      in.seekg(0);
      std::vector<std::string> out;
      for (std::string line; std::getline(in, line);) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        out.push_back(std::move(line));
      }
      if (!in.bad()) it->second = std::move(out);
    }
  }
  return it->second ? &*it->second : nullptr;
}

std::string source_snippet(SourceCache& sources, const Frame& frame, FrameRole role,
                           const HtmlOptions& options) {
  const std::string shown = html_escape(strip_path(frame.file, options.strip_path_prefix));
  if (frame.file.empty() || frame.line == 0)
    return "<div class=\"note\">No source position recorded for this frame.</div>";
  const std::vector<std::string>* lines = sources.lines(frame.file);
  if (!lines)
    return "<div class=\"note missing\">Source file not found: <code>" + shown +
           "</code> (it could not be read when this report was rendered).</div>";
  if (frame.line > lines->size())
    return "<div class=\"note missing\">Line " + std::to_string(frame.line) +
           " is past the end of <code>" + shown + "</code> (" + std::to_string(lines->size()) +
           " lines): the file changed since the run?</div>";
  const size_t ctx = static_cast<size_t>(options.context_lines < 0 ? 0 : options.context_lines);
  const size_t first = frame.line > ctx ? frame.line - ctx : 1;
  const size_t last = std::min(lines->size(), static_cast<size_t>(frame.line) + ctx);
  const char* hit = role == FrameRole::kWriteSite  ? "hit hit-write"
                    : role == FrameRole::kReadSite ? "hit hit-read"
                                                   : "hit hit-call";
  std::string out = "<pre class=\"snippet\">";
  for (size_t n = first; n <= last; ++n) {
    bool is_hit = n == frame.line;
    out += is_hit ? std::string("<span class=\"") + hit + "\">" : "<span class=\"ctx\">";
    out += "<span class=\"ln\">" + std::to_string(n) + "</span>";
    out += html_escape((*lines)[n - 1]);
    out += "\n</span>";
  }
  out += "</pre>";
  return out;
}

std::string stack_list(SourceCache* sources, const Stack& stack, std::optional<FrameRole> role,
                       const HtmlOptions& options) {
  if (stack.empty()) return "<p class=\"note\">[failed to restore the stack]</p>";
  // The frame shown open: the innermost in the program's own code (a race
  // inside a library template opens at the program's line that called it).
  const Frame* program = program_frame(stack);
  const size_t open = program != nullptr ? static_cast<size_t>(program - stack.data()) : 0;
  std::string out = "<ol class=\"frames\">";
  for (size_t i = 0; i < stack.size(); ++i) {
    const Frame& f = stack[i];
    std::string head = "<span class=\"fn\">" + html_escape(f.function.empty() ? "??" : f.function) +
                       "</span> <span class=\"pos\">" +
                       html_escape(frame_position(f, options.strip_path_prefix)) + "</span>";
    if (!sources || !role || (i >= kMaxSnippetFrames && i != open)) {
      out += "<li class=\"frame\"><div class=\"frame-head\">" + head + "</div></li>";
      continue;
    }
    FrameRole r = i == 0 ? *role : FrameRole::kCallSite;
    out += std::string("<li class=\"frame\"><details") + (i == open ? " open" : "") + "><summary>" +
           head + "</summary>" + source_snippet(*sources, f, r, options) + "</details></li>";
  }
  out += "</ol>";
  return out;
}

}  // namespace gorace::report::html_detail
