// A lambda stored in a namespace-scope variable is named after the variable,
// as one in an inline variable is ("ns::inl.func1"), not by the translation
// unit's count of unnamed types ("func3").
// EXPECT: race
// LOCATION: setter.func1()
// LOCATION: tools::doubler.func1()
// ABSENT: func3
#include <cstdio>
#include <thread>

int shared_value;
auto unused = [](int v) { return v + 1; };
auto setter = [](int v) {
  shared_value = v;  // RACE: A
};
namespace tools {
auto doubler = [](int v) {
  shared_value = v * 2;  // RACE: B
};
}  // namespace tools

int main() {
  std::thread worker([] { tools::doubler(1); });
  setter(2);
  worker.join();
  std::printf("%d %d\n", shared_value, unused(1));
}
