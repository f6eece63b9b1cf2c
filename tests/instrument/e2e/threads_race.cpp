// Two threads write a global with nothing ordering them (each is ordered
// after its creation only, and joined after both ran). Reported as TSan
// names threads: "by thread T1", and where each was created. The detector's
// report delays the second write, so an update may be lost: the exit status
// does not depend on the sum.
// EXPECT: race
// LOCATION: global 'shared_total'
// LOCATION: by thread T
// LOCATION: Thread T1 (
// LOCATION: Thread T2 (
#include <gor/gor.hpp>

#include <thread>

long shared_total;

void add(long n) {
  shared_total += n;  // RACE: A
}

int main() {
  std::thread a([] { add(1); });
  std::thread b([] { add(2); });
  a.join();
  b.join();
}
