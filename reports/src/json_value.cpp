// json::Value: construction and typed access.
#include <charconv>
#include <cmath>
#include <cstdio>

#include "gorace/report/json.hpp"

namespace gorace::report::json {

Value::Value(int64_t v) : type_(Type::kNumber), text_(std::to_string(v)) {}
Value::Value(uint64_t v) : type_(Type::kNumber), text_(std::to_string(v)) {}

Value::Value(double v) : type_(Type::kNumber) {
  if (!std::isfinite(v)) {  // JSON has no NaN or infinity
    type_ = Type::kNull;
    return;
  }
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  text_.assign(buf, ec == std::errc() ? end : buf);
}

Value Value::number_from_text(std::string text) {
  Value v(Type::kNumber);
  v.text_ = std::move(text);
  return v;
}

namespace {
const char* type_name(Value::Type t) {
  switch (t) {
    case Value::Type::kNull:
      return "null";
    case Value::Type::kBool:
      return "a boolean";
    case Value::Type::kNumber:
      return "a number";
    case Value::Type::kString:
      return "a string";
    case Value::Type::kArray:
      return "an array";
    case Value::Type::kObject:
      return "an object";
  }
  return "?";
}

[[noreturn]] void wrong_type(Value::Type have, const char* want) {
  throw Error(std::string("expected ") + want + ", found " + type_name(have));
}
}  // namespace

bool Value::as_bool() const {
  if (type_ != Type::kBool) wrong_type(type_, "a boolean");
  return bool_;
}

uint64_t Value::as_u64() const {
  if (type_ != Type::kNumber) wrong_type(type_, "a non-negative integer");
  uint64_t out = 0;
  auto [end, ec] = std::from_chars(text_.data(), text_.data() + text_.size(), out);
  if (ec != std::errc() || end != text_.data() + text_.size())
    throw Error("expected a non-negative 64-bit integer, found " + text_);
  return out;
}

int64_t Value::as_i64() const {
  if (type_ != Type::kNumber) wrong_type(type_, "an integer");
  int64_t out = 0;
  auto [end, ec] = std::from_chars(text_.data(), text_.data() + text_.size(), out);
  if (ec != std::errc() || end != text_.data() + text_.size())
    throw Error("expected a 64-bit integer, found " + text_);
  return out;
}

double Value::as_double() const {
  if (type_ != Type::kNumber) wrong_type(type_, "a number");
  return std::strtod(text_.c_str(), nullptr);
}

const std::string& Value::as_string() const {
  if (type_ != Type::kString) wrong_type(type_, "a string");
  return text_;
}

const std::vector<Value>& Value::items() const {
  if (type_ != Type::kArray) wrong_type(type_, "an array");
  return items_;
}

const std::vector<Value::Member>& Value::members() const {
  if (type_ != Type::kObject) wrong_type(type_, "an object");
  return members_;
}

Value& Value::push(Value v) {
  if (type_ != Type::kArray) wrong_type(type_, "an array");
  items_.push_back(std::move(v));
  return items_.back();
}

Value& Value::set(std::string key, Value v) {
  if (type_ != Type::kObject) wrong_type(type_, "an object");
  members_.emplace_back(std::move(key), std::move(v));
  return members_.back().second;
}

const Value* Value::find(std::string_view key) const {
  if (type_ != Type::kObject) return nullptr;
  for (const auto& m : members_)
    if (m.first == key) return &m.second;
  return nullptr;
}

}  // namespace gorace::report::json
