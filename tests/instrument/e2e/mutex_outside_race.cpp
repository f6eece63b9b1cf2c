// A std::mutex orders only the threads that take it: a write by a thread
// that never locks it races the guarded one.
// EXPECT: race
// LOCATION: global 'balance'
#include <gor/gor.hpp>

#include <mutex>
#include <thread>

long balance;
std::mutex balance_mu;

int main() {
  std::thread depositor([] {
    std::lock_guard<std::mutex> lock(balance_mu);
    balance += 10;  // RACE: A
  });
  balance += 5;  // RACE: B
  depositor.join();
}
