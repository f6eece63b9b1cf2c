// html_escape: character references for text from the program.
#include "gorace/report/describe.hpp"
#include "gorace/report/html.hpp"

namespace gorace::report {

std::string html_escape(std::string_view text) {
  const std::string s = visible_controls(text, InvalidUtf8::kReplacement);
  std::string out;
  out.reserve(s.size() + s.size() / 8);
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace gorace::report
