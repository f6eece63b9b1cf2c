// Go's TestRaceMutexOverwrite: a goroutine overwrites a mutex that another
// goroutine locks, with no edge between them: the overwrite races the
// lock's read of the mutex.
// EXPECT: race
// LOCATION: gor::Mutex::lock
#include <gor/gor.hpp>

#include <cstring>

int main() {
  return gor::main([] {
    auto c = gor::make_chan<bool>(1);
    gor::Mutex m;
    gor::go([&] {
      std::memset(static_cast<void*>(&m), 0, sizeof m);  // RACE: A
      c.send(true);
    });
    m.lock();  // RACE: B
    c.recv();  // never unlocked, as in Go's test
  });
}
