// Threads are numbered in creation order, as TSan numbers them: three
// threads created and joined are T1-T3, so the two racing ones are T4 and
// T5 (the libraries' own allocations in a starting or exiting thread take
// no number).
// EXPECT: race
// LOCATION: Thread T4 (
// LOCATION: Thread T5 (
#include <gor/gor.hpp>

#include <string>
#include <thread>

long shared_total;

int main() {
  for (int i = 0; i < 3; i++) {
    std::thread helper([] {
      std::string text(100, 'x');  // a heap block made and freed by the thread
      (void)text;
    });
    helper.join();
  }
  std::thread a([] { shared_total += 1; });  // RACE: A
  std::thread b([] { shared_total += 2; });  // RACE: B
  a.join();
  b.join();
}
