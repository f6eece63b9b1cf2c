// The runtime's own frames stay out of stacks, as Go's reports show no
// runtime frames around user code: a goroutine started by WaitGroup::go
// from a member function is created at the member function's line (not at
// gor::go's call of the scheduler in runtime.hpp), and a select callback
// runs at the select's line.
// EXPECT: race
// LOCATION: Server::serve()
// ABSENT: include/gor/
#include <gor/gor.hpp>

#include <string>

struct Server {
  std::string name = "server";
  long hits = 0;
  gor::WaitGroup done;

  void serve() {
    // The closure's copy (its std::string) is user code that gor::go runs.
    for (int i = 0; i < 2; i++) done.go([this, label = name] { hits += label.size(); });  // RACE: A
    done.wait();
  }
};

int main() {
  return gor::main([] {
    Server server;
    server.serve();
  });
}
