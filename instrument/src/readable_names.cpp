#include "readable_names.hpp"

#include <llvm/Demangle/Demangle.h>

#include <cstdlib>
#include <optional>
#include <vector>

namespace gorace::instrument {
namespace {

// Splits a qualified name at "::" separators that are not nested inside
// <>, (), [] or {}.
std::vector<std::string_view> split_scopes(std::string_view name) {
  std::vector<std::string_view> parts;
  int depth = 0;
  size_t start = 0;
  for (size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    if (c == '<' || c == '(' || c == '[' || c == '{') {
      ++depth;
    } else if ((c == '>' || c == ')' || c == ']' || c == '}') && depth > 0) {
      --depth;
    } else if (c == ':' && depth == 0 && i + 1 < name.size() && name[i + 1] == ':') {
      parts.push_back(name.substr(start, i - start));
      start = i + 2;
      ++i;
    }
  }
  parts.push_back(name.substr(start));
  return parts;
}

bool all_digits(std::string_view text) {
  return text.find_first_not_of("0123456789") == std::string_view::npos;
}

// The closure number of a lambda scope component, or nullopt when the
// component is not a lambda. LLVM's demangler prints local lambdas as
// "'lambda'(int)" (the first), "'lambda0'(int)" (the second), ...; c++filt
// as "{lambda(int)#2}"; clang names unnamed lambdas of non-inline
// functions "$_N" (0-based, per translation unit).
std::optional<unsigned long> lambda_number(std::string_view part) {
  if (part.substr(0, 7) == "'lambda") {
    const size_t quote = part.find('\'', 7);
    if (quote == std::string_view::npos) return std::nullopt;
    const std::string digits(part.substr(7, quote - 7));
    if (!all_digits(digits)) return std::nullopt;
    return digits.empty() ? 1 : std::strtoul(digits.c_str(), nullptr, 10) + 2;
  }
  if (part.size() > 2 && part.substr(0, 2) == "$_") {
    const std::string digits(part.substr(2));
    if (digits.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
    return std::strtoul(digits.c_str(), nullptr, 10) + 1;
  }
  if (part.size() > 8 && part.substr(0, 7) == "{lambda" && part.back() == '}') {
    const size_t hash = part.rfind('#');
    if (hash == std::string_view::npos) return std::nullopt;
    const std::string digits(part.substr(hash + 1, part.size() - hash - 2));
    if (digits.empty() || digits.find_first_not_of("0123456789") != std::string::npos) {
      return std::nullopt;
    }
    return std::strtoul(digits.c_str(), nullptr, 10);
  }
  return std::nullopt;
}

// "operator()", or "operator()() const" when it encloses a nested scope.
bool is_call_operator(std::string_view part) {
  return part.substr(0, 10) == "operator()" || part == "__invoke";
}

// Drops a leading return type, which the demangler prints for template
// functions enclosing a local name ("void ns::run<F>(F)::$_0::operator()"):
// the text up to the first space outside brackets, unless it names an
// operator ("operator new", "operator bool").
std::string_view strip_return_type(std::string_view name) {
  int depth = 0;
  for (size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    if (c == '<' || c == '(' || c == '[' || c == '{') {
      ++depth;
    } else if ((c == '>' || c == ')' || c == ']' || c == '}') && depth > 0) {
      --depth;
    } else if (c == ' ' && depth == 0) {
      if (name.substr(0, i).find("operator") != std::string_view::npos) return name;
      return name.substr(i + 1);
    }
  }
  return name;
}

// Drops the parameter list and qualifiers of an enclosing function's scope
// component: "run(benchmark::State&)" -> "run", "operator()() const" ->
// "operator()". "(anonymous namespace)" and "operator()" stay as they are.
std::string_view strip_parameters(std::string_view part) {
  if (part.empty() || part.front() == '(') return part;
  const size_t close = part.rfind(')');
  if (close == std::string_view::npos) return part;
  if (part.substr(close + 1).find_first_not_of(" &constvlai") != std::string_view::npos) {
    return part;  // not just " const", " volatile", " &", " &&" after the list
  }
  int depth = 0;
  for (size_t i = close + 1; i-- > 0;) {
    if (part[i] == ')') ++depth;
    if (part[i] == '(' && --depth == 0) {
      const std::string_view name = part.substr(0, i);
      if (name.empty() || name.substr(name.size() >= 8 ? name.size() - 8 : 0) == "operator") {
        return part;
      }
      return name;
    }
  }
  return part;
}

std::string_view trim(std::string_view text) {
  const size_t first = text.find_first_not_of(' ');
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(' ') - first + 1);
}

// A template argument naming a closure type ("main::$_1",
// "main::$_0::operator()() const::'lambda'()") as its call operator's
// frame is named ("main.func2", "main.func1.1"); any other argument as it
// is, its own arguments renamed.
std::string closure_argument_name(std::string_view argument, const ClosureNumbers* numbers);

// `component` with the closure types among its template arguments named
// as their frames are: "std::__invoke_impl<void, main::$_1>" becomes
// "std::__invoke_impl<void, main.func2>", so that a stack names one lambda
// one way.
std::string with_closure_arguments(std::string_view component, const ClosureNumbers* numbers) {
  const size_t open = component.find('<');
  if (open == std::string_view::npos || component.substr(0, 8) == "operator") {
    return std::string(component);
  }
  std::string out(component.substr(0, open + 1));
  int depth = 0;
  size_t start = open + 1;
  for (size_t i = open + 1; i < component.size(); ++i) {
    const char c = component[i];
    if (c == '<' || c == '(' || c == '[' || c == '{') {
      ++depth;
    } else if ((c == ')' || c == ']' || c == '}') && depth > 0) {
      --depth;
    } else if (c == '>' && depth > 0) {
      --depth;
    } else if ((c == ',' || c == '>') && depth == 0) {
      const std::string_view argument = component.substr(start, i - start);
      const size_t lead = argument.find_first_not_of(' ');
      if (lead != std::string_view::npos) out += argument.substr(0, lead);
      out += closure_argument_name(trim(argument), numbers);
      out += c;
      start = i + 1;
      if (c == '>') {
        out += component.substr(i + 1);  // what follows the list: "::member", "()"
        return out;
      }
    }
  }
  return std::string(component);  // unbalanced: left as it is
}

std::string closure_argument_name(std::string_view argument, const ClosureNumbers* numbers) {
  const std::vector<std::string_view> parts = split_scopes(argument);
  if (parts.size() >= 2 && lambda_number(parts.back())) {
    return go_style_closure_names(std::string(argument) + "::operator()", numbers);
  }
  return with_closure_arguments(argument, numbers);
}

}  // namespace

std::string go_style_closure_names(std::string_view qualified, const ClosureNumbers* numbers) {
  const std::vector<std::string_view> parts = split_scopes(strip_return_type(qualified));
  std::string out;
  std::string scope;              // parts[0..i] joined, the key of a closure at i
  bool last_was_closure = false;  // `out` ends with a closure name
  for (size_t i = 0; i < parts.size(); ++i) {
    if (!scope.empty()) scope += "::";
    scope += parts[i];
    std::optional<unsigned long> number = lambda_number(parts[i]);
    if (number && i + 1 < parts.size() &&
        (is_call_operator(parts[i + 1]) || parts[i + 1].substr(0, 1) == "~")) {
      if (numbers != nullptr) {
        auto known = numbers->find(scope);
        if (known != numbers->end()) number = known->second;
      }
      scope += "::";
      scope += parts[i + 1];
      out += out.empty() ? "func" : (last_was_closure ? "." : ".func");
      out += std::to_string(*number);
      last_was_closure = true;
      // The operator() component is folded into the closure name; the
      // closure's destructor is shown as "<closure>::~".
      if (parts[i + 1].substr(0, 1) == "~") out += "::~";
      ++i;
      continue;
    }
    if (!out.empty()) out += "::";
    out += with_closure_arguments(i + 1 < parts.size() ? strip_parameters(parts[i]) : parts[i],
                                  numbers);
    last_was_closure = false;
  }
  return out;
}

std::optional<unsigned long> namespace_closure_number(std::string_view mangled) {
  // _Z [Z] N [K] <namespaces> <length> $_<N> cl ...: the closure type is
  // the outermost name after its namespaces (a local entity of its
  // operator() adds the leading Z).
  if (mangled.substr(0, 2) != "_Z") return std::nullopt;
  std::string_view rest = mangled.substr(2);
  if (rest.substr(0, 1) == "Z") rest.remove_prefix(1);
  if (rest.substr(0, 1) != "N") return std::nullopt;
  rest.remove_prefix(1);
  if (rest.substr(0, 1) == "K") rest.remove_prefix(1);
  for (;;) {
    size_t digits = 0;
    while (digits < rest.size() && rest[digits] >= '0' && rest[digits] <= '9') ++digits;
    if (digits == 0) return std::nullopt;
    const size_t length = std::strtoul(std::string(rest.substr(0, digits)).c_str(), nullptr, 10);
    const std::string_view component = rest.substr(digits, length);
    if (component.size() != length) return std::nullopt;
    rest.remove_prefix(digits + length);
    if (component.size() >= 3 && component.substr(0, 2) == "$_" &&
        all_digits(component.substr(2))) {
      if (rest.substr(0, 2) != "cl") return std::nullopt;
      return std::strtoul(std::string(component.substr(2)).c_str(), nullptr, 10);
    }
  }
}

std::string name_closure_after_variable(std::string_view readable, unsigned long number,
                                        std::string_view variable) {
  // readable is "[<namespaces>.]func<number+1>[.<nested>]"; the variable's
  // name has the namespaces.
  const std::string closure = "func" + std::to_string(number + 1);
  for (size_t at = readable.find(closure); at != std::string_view::npos;
       at = readable.find(closure, at + 1)) {
    const size_t end = at + closure.size();
    if ((at == 0 || readable[at - 1] == '.') && (end == readable.size() || readable[end] == '.')) {
      return std::string(variable) + ".func1" + std::string(readable.substr(end));
    }
  }
  return std::string(readable);
}

namespace {

/// The demangled qualified name of function `mangled` (no parameters of
/// its own), or nullopt when it is not a mangled function name.
std::optional<std::string> qualified_function_name(std::string_view mangled) {
  if (mangled.substr(0, 2) != "_Z") return std::nullopt;
  llvm::ItaniumPartialDemangler demangler;
  const std::string name(mangled);
  if (demangler.partialDemangle(name.c_str()) || !demangler.isFunction()) return std::nullopt;
  char* qualified = demangler.getFunctionName(nullptr, nullptr);
  if (qualified == nullptr) return std::nullopt;
  std::string result(qualified);
  std::free(qualified);
  return result;
}

std::string readable_name_with(std::string_view mangled, const ClosureNumbers* numbers) {
  if (mangled.substr(0, 2) != "_Z") return std::string(mangled);
  if (std::optional<std::string> qualified = qualified_function_name(mangled)) {
    return go_style_closure_names(*qualified, numbers);
  }
  const std::string name(mangled);
  llvm::ItaniumPartialDemangler demangler;
  if (demangler.partialDemangle(name.c_str())) return name;
  return llvm::demangle(name);
}

}  // namespace

std::string readable_function_name(std::string_view mangled) {
  return readable_name_with(mangled, nullptr);
}

std::string readable_function_name(std::string_view mangled, const ClosureNumbers& numbers) {
  return readable_name_with(mangled, &numbers);
}

std::optional<ClosureSite> closure_site(std::string_view mangled) {
  const std::optional<std::string> qualified = qualified_function_name(mangled);
  if (!qualified) return std::nullopt;
  const std::vector<std::string_view> parts = split_scopes(strip_return_type(*qualified));
  if (parts.size() < 2 || !is_call_operator(parts.back())) return std::nullopt;
  const std::optional<unsigned long> number = lambda_number(parts[parts.size() - 2]);
  if (!number) return std::nullopt;
  ClosureSite site;
  for (size_t i = 0; i + 1 < parts.size(); ++i) {
    if (i + 2 == parts.size()) site.enclosing = site.key;
    if (!site.key.empty()) site.key += "::";
    site.key += parts[i];
  }
  site.number = *number;
  return site;
}

std::string readable_variable_name(std::string_view mangled) {
  // The optimizer's suffixes: a global split into its fields ("_ZL3box.0",
  // "counts.1") or made private to a module (".llvm.<hash>"). No mangled
  // name or C identifier has a dot.
  const size_t dot = mangled.find('.', 1);
  if (dot != std::string_view::npos) mangled = mangled.substr(0, dot);
  if (mangled.substr(0, 2) != "_Z") return std::string(mangled);
  return go_style_closure_names(llvm::demangle(mangled));
}

}  // namespace gorace::instrument
