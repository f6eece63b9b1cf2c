// A lambda is named one way in a whole stack: its own frame and the
// template frames that take it as an argument (std::thread's invokers, a
// function template of the program) both say main.func1.1, not clang's
// main::$_0::operator()() const::'lambda'(). (std::thread's frames appear
// at -O2, where they are inlined into the program's code.)
// EXPECT: race
// LOCATION: main.func1.1()
// LOCATION: run_with<main.func1.1>()
// ABSENT: $_
// ABSENT: 'lambda
#include <thread>

int counter;

template <class F>
void run_with(F f) {
  f();
}

int main() {
  std::thread writer([] {
    run_with([] {
      counter++;  // RACE: A
    });
  });
  counter++;  // RACE: B
  writer.join();
  return 0;
}
