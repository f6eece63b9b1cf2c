// gor::go(f, args...) and wg.go copy their arguments in the caller, as
// std::thread does: copying a vector reads every element, and that read
// races a goroutine's write. At -O1 and above the copy is inlined into the
// runtime's template; it is still checked as the caller's code, and the
// report shows no runtime frame.
// EXPECT: race
// ABSENT: gor/runtime.hpp
// ABSENT: gor/waitgroup.hpp
// ABSENT: bind_call
#include <gor/gor.hpp>

#include <vector>

int main() {
  return gor::main([] {
    std::vector<int> v(64, 1);
    gor::WaitGroup wg;
    wg.go([&] { v[0] = 2; });                                    // RACE: A
    wg.go([](const std::vector<int>& copy) { (void)copy; }, v);  // RACE: B
    wg.wait();
  });
}
