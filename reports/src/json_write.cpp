// json::dump: serialisation with UTF-8 repair and optional HTML-safe escapes.
#include <cstdio>

#include "gorace/report/json.hpp"

namespace gorace::report::json {
namespace {

void dump_to(std::string& out, const Value& v, const DumpOptions& o, int level) {
  auto newline = [&](int lvl) {
    if (o.indent <= 0) return;
    out += '\n';
    out.append(static_cast<size_t>(lvl * o.indent), ' ');
  };
  switch (v.type()) {
    case Value::Type::kNull:
      out += "null";
      break;
    case Value::Type::kBool:
      out += v.as_bool() ? "true" : "false";
      break;
    case Value::Type::kNumber:
      out += v.number_text();
      break;
    case Value::Type::kString:
      append_quoted(out, v.as_string(), o.escape_html);
      break;
    case Value::Type::kArray: {
      out += '[';
      bool first = true;
      for (const Value& item : v.items()) {
        if (!first) out += ',';
        first = false;
        newline(level + 1);
        dump_to(out, item, o, level + 1);
      }
      if (!first) newline(level);
      out += ']';
      break;
    }
    case Value::Type::kObject: {
      out += '{';
      bool first = true;
      for (const auto& [key, item] : v.members()) {
        if (!first) out += ',';
        first = false;
        newline(level + 1);
        append_quoted(out, key, o.escape_html);
        out += o.indent > 0 ? ": " : ":";
        dump_to(out, item, o, level + 1);
      }
      if (!first) newline(level);
      out += '}';
      break;
    }
  }
}

}  // namespace

size_t utf8_sequence_length(std::string_view s, size_t i) {
  auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = b(i);
  size_t n;
  uint32_t cp;
  if (c < 0x80) return 1;
  if ((c & 0xe0) == 0xc0)
    n = 2, cp = c & 0x1f;
  else if ((c & 0xf0) == 0xe0)
    n = 3, cp = c & 0x0f;
  else if ((c & 0xf8) == 0xf0)
    n = 4, cp = c & 0x07;
  else
    return 0;
  if (i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    if ((b(i + k) & 0xc0) != 0x80) return 0;
    cp = (cp << 6) | (b(i + k) & 0x3f);
  }
  static constexpr uint32_t kMin[5] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMin[n] || cp > 0x10ffff || (cp >= 0xd800 && cp < 0xe000)) return 0;
  return n;
}

void append_quoted(std::string& out, std::string_view s, bool escape_html) {
  out += '"';
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      size_t n = utf8_sequence_length(s, i);
      if (n == 0) {
        out += "\xef\xbf\xbd";  // U+FFFD for an invalid byte
        ++i;
      } else {
        out.append(s.substr(i, n));
        i += n;
      }
      continue;
    }
    ++i;
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      default:
        if (c < 0x20 || (escape_html && (c == '<' || c == '>' || c == '&'))) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += '"';
}

std::string dump(const Value& v, const DumpOptions& options) {
  std::string out;
  dump_to(out, v, options, 0);
  return out;
}

}  // namespace gorace::report::json
