// Readers of a std::shared_mutex are not ordered with each other (as
// pthread rwlock readers under ThreadSanitizer, and Go's RWMutex readers):
// two readers that write under a shared lock race.
// EXPECT: race
// LOCATION: global 'hits'
// LOCATION: by thread T
#include <gor/gor.hpp>

#include <mutex>
#include <shared_mutex>
#include <thread>

long hits;
std::shared_mutex table_mu;

void count_hit() {
  std::shared_lock<std::shared_mutex> lock(table_mu);
  ++hits;  // RACE: A
}

int main() {
  {
    std::unique_lock<std::shared_mutex> lock(table_mu);
    hits = 0;
  }
  std::thread a(count_hit);
  std::thread b(count_hit);
  a.join();
  b.join();
}
