// Source snippets and stack lists for the HTML view.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include "gorace/report/describe.hpp"
#include "html_parts.hpp"

namespace gorace::report::html_detail {

namespace {
constexpr size_t kMaxSourceBytes = 8u << 20;  ///< larger files are not shown
constexpr size_t kMaxSnippetFrames = 8;       ///< frames per stack with a snippet

/// `path` with its links resolved, unless that is under /proc, /sys or /dev
/// (whose files are the renderer's environment, the kernel's state or
/// devices, never a program's source) or cannot be resolved: then nullopt.
std::optional<std::string> real_path_outside_system_trees(const std::string& path) {
  std::error_code ec;
  std::string real = std::filesystem::canonical(path, ec).string();
  if (ec) return std::nullopt;
  for (const char* tree : {"/proc/", "/sys/", "/dev/"})
    if (real.rfind(tree, 0) == 0) return std::nullopt;
  return real;
}

/// All bytes of the open file `fd` if it is a regular file of at most
/// kMaxSourceBytes; else nullopt.
std::optional<std::string> read_regular(int fd) {
  struct stat st;
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
      static_cast<uint64_t>(st.st_size) > kMaxSourceBytes)
    return std::nullopt;
  // Read into the string itself: the report may be rendered on a signal
  // handler's small stack (a crash's last report), no room for a buffer.
  constexpr size_t kChunk = 65536;
  std::string text;
  for (;;) {
    const size_t had = text.size();
    text.resize(had + kChunk);
    const ssize_t n = ::read(fd, text.data() + had, kChunk);
    if (n < 0 || had + static_cast<size_t>(n) > kMaxSourceBytes) return std::nullopt;
    text.resize(had + static_cast<size_t>(n));
    if (n == 0) return text;
  }
}

/// The text of the source file at `path`: a regular file outside /proc,
/// /sys and /dev, of at most kMaxSourceBytes, with no NUL byte (not
/// binary). nullopt for any other file, which then gets no snippet.
std::optional<std::string> read_source(const std::string& path) {
  std::optional<std::string> real = real_path_outside_system_trees(path);
  if (!real) return std::nullopt;
  // O_NONBLOCK: a FIFO (or one put in the file's place after the check) does not block.
  int fd = ::open(real->c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  std::optional<std::string> text = read_regular(fd);
  ::close(fd);
  if (text && text->find('\0') != std::string::npos) return std::nullopt;
  return text;
}

/// `text` split into lines, without their "\n" or "\r\n".
std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> out;
  for (size_t start = 0; start < text.size();) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    out.push_back(std::move(line));
    start = end + 1;
  }
  return out;
}

}  // namespace

const std::vector<std::string>* SourceCache::lines(const std::string& file) {
  auto [it, inserted] = files_.try_emplace(file);
  if (inserted) {
    std::string path =
        (!root_.empty() && !file.empty() && file[0] != '/') ? root_ + "/" + file : file;
    if (std::optional<std::string> text = read_source(path)) it->second = split_lines(*text);
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
