// Lesson 8 (racy): a bank balance updated by two goroutines without a lock.
//
// The Go program it mirrors ("The Go Programming Language", section 9.1):
//
//   var balance int
//   func Deposit(amount int) { balance = balance + amount }
//   func Balance() int       { return balance }
//
//   go func() { Deposit(200) }()   // Alice
//   go func() { Deposit(100) }()   // Bob
//
// Deposit reads balance, adds, and writes it back. When Alice and Bob deposit
// at the same time, both may read the old balance and one deposit is lost.
// The race detector reports it even on runs where the result happens to be
// right: nothing orders Alice's deposit with Bob's.
#include <gor/gor.hpp>

#include <cstdio>

static int balance = 0;

static void deposit(int amount) {
  balance = balance + amount;  // RACE: read-modify-write with no lock
}

static int get_balance() {
  return balance;
}

int main() {
  return gor::main([] {
    gor::WaitGroup wg;
    wg.go([] { deposit(200); });  // Alice
    wg.go([] { deposit(100); });  // Bob
    wg.wait();
    std::printf("balance = %d\n", get_balance());
  });
}
