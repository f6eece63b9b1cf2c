// Lesson 8 (fixed): the bank balance guarded by a gor::Mutex.
//
// The Go program it mirrors:
//
//   var (
//       mu      sync.Mutex   // guards balance
//       balance int
//   )
//   func Deposit(amount int) { mu.Lock(); defer mu.Unlock(); balance += amount }
//   func Balance() int       { mu.Lock(); defer mu.Unlock(); return balance }
//
// gor::Mutex has lock/unlock/try_lock, so std::lock_guard and
// std::unique_lock work with it (Go's `defer mu.Unlock()`). Each unlock
// happens before the next lock, which orders every deposit after the previous.
#include <gor/gor.hpp>

#include <cstdio>
#include <mutex>

// A bank account safe to use from many goroutines.
class Account {
 public:
  void deposit(int amount) {
    std::lock_guard lock(mu_);
    balance_ += amount;
  }
  int balance() {
    std::lock_guard lock(mu_);
    return balance_;
  }

 private:
  gor::Mutex mu_;  // guards balance_
  int balance_ = 0;
};

int main() {
  return gor::main([] {
    Account account;
    gor::WaitGroup wg;
    wg.go([&] { account.deposit(200); });  // Alice
    wg.go([&] { account.deposit(100); });  // Bob
    // Many small deposits from many goroutines: none is lost.
    for (int i = 0; i < 8; ++i) {
      wg.go([&] {
        for (int j = 0; j < 100; ++j) account.deposit(1);
      });
    }
    wg.wait();
    std::printf("balance = %d\n", account.balance());
  });
}
