// A small JSON document model, parser and writer: enough for the race log,
// SARIF and the data embedded in HTML reports, with no dependency beyond the
// C++20 standard library (gorace_reports is linked into user programs).
#pragma once

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gorace::report::json {

/// A parse or shape error; what() names what is wrong.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// One JSON value. Numbers keep their source text, so 64-bit integers
/// round-trip exactly (as_u64/as_i64 convert on demand). Objects keep their
/// members in insertion order; duplicate keys are kept, find() returns the
/// first.
class Value {
 public:
  enum class Type { kNull, kBool, kNumber, kString, kArray, kObject };
  using Member = std::pair<std::string, Value>;

  Value() = default;  ///< null
  Value(std::nullptr_t) {}
  Value(bool b) : type_(Type::kBool), bool_(b) {}
  Value(int v) : Value(static_cast<int64_t>(v)) {}
  Value(unsigned v) : Value(static_cast<uint64_t>(v)) {}
  Value(int64_t v);
  Value(uint64_t v);
  Value(double v);
  Value(const char* s) : type_(Type::kString), text_(s) {}
  Value(std::string s) : type_(Type::kString), text_(std::move(s)) {}
  Value(std::string_view s) : type_(Type::kString), text_(s) {}

  static Value array() { return Value(Type::kArray); }
  static Value object() { return Value(Type::kObject); }
  /// A number from its JSON text (no validation; the parser validates).
  static Value number_from_text(std::string text);

  Type type() const { return type_; }
  bool is_null() const { return type_ == Type::kNull; }
  bool is_bool() const { return type_ == Type::kBool; }
  bool is_number() const { return type_ == Type::kNumber; }
  bool is_string() const { return type_ == Type::kString; }
  bool is_array() const { return type_ == Type::kArray; }
  bool is_object() const { return type_ == Type::kObject; }

  /// Accessors throw Error when the value has another type or range.
  bool as_bool() const;
  uint64_t as_u64() const;
  int64_t as_i64() const;
  double as_double() const;
  const std::string& as_string() const;
  const std::vector<Value>& items() const;     ///< array elements
  const std::vector<Member>& members() const;  ///< object members

  /// Array: appends `v`, returns a reference to it.
  Value& push(Value v);
  /// Object: appends member `key` (no duplicate check), returns its value.
  Value& set(std::string key, Value v);
  /// Object: the first member named `key`, or nullptr (also for non-objects).
  const Value* find(std::string_view key) const;

  /// The number's JSON text (numbers only).
  const std::string& number_text() const { return text_; }

 private:
  explicit Value(Type t) : type_(t) {}
  Type type_ = Type::kNull;
  bool bool_ = false;
  std::string text_;  ///< string contents, or a number's JSON text
  std::vector<Value> items_;
  std::vector<Member> members_;
};

/// Parses one JSON text (the whole of `text`, surrounding whitespace
/// allowed). Throws Error naming the problem and its byte offset. Nesting
/// deeper than 128 levels is rejected.
Value parse(std::string_view text);

/// How dump() writes.
struct DumpOptions {
  /// Escape '<', '>' and '&' as \u003c, \u003e, \u0026 so the text can sit in
  /// an HTML <script> element.
  bool escape_html = false;
  /// Pretty-print with this many spaces per level; 0 = one line.
  int indent = 0;
};

/// Serialises `v` as JSON. Invalid UTF-8 in strings becomes U+FFFD, so the
/// output is always valid JSON.
std::string dump(const Value& v, const DumpOptions& options = {});

/// Length of the valid UTF-8 sequence starting at s[i] (i < s.size()): 1 to
/// 4, or 0 if the bytes there are not one (a stray or truncated byte, an
/// overlong form, a surrogate, a code point past U+10FFFF).
size_t utf8_sequence_length(std::string_view s, size_t i);

/// Appends `s` as a quoted JSON string to `out`.
void append_quoted(std::string& out, std::string_view s, bool escape_html = false);

}  // namespace gorace::report::json
