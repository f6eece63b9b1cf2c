// gor::go copies its arguments (as std::thread): a function taking a
// non-const reference cannot be called with them. The compile error says
// so (instrument.error.go_reference_argument), not std::apply's internals.
#include <gor/gor.hpp>

#include <string>

int main() {
  return gor::main([] {
    std::string result;
    gor::go([](std::string& out) { out = "done"; }, result);
  });
}
