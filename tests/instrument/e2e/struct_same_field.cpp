// The same field of a struct written by two goroutines races.
// EXPECT: race
#include <gor/gor.hpp>

struct Account {
  long id;
  long cents;
};

int main() {
  return gor::main([] {
    auto* account = new Account{1, 0};
    gor::WaitGroup wg;
    wg.add(1);
    gor::go([&] {
      account->cents += 100;  // RACE: A
      wg.done();
    });
    account->cents -= 50;  // RACE: B
    wg.wait();
    delete account;
  });
}
