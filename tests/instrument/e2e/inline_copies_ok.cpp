// Library values (std::string, std::vector, std::function, std::shared_ptr)
// handed between goroutines through channels and a loopback connection do
// not race. The runtime uses the same inline library functions
// internally (the strings of Listener::accept, its channel queues,
// report building); the plugin's private copies (".gorace") keep the runtime on its
// own uninstrumented copies, so none of that work is seen as goroutine
// accesses.
// EXPECT: no race
#include <gor/gor.hpp>

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace {

struct Message {
  std::string text;
  std::vector<int> numbers;
  std::function<int(int)> transform;
  std::shared_ptr<std::string> shared;
};

Message make_message(int i) {
  auto shared = std::make_shared<std::string>("shared " + std::to_string(i));
  return Message{"message " + std::to_string(i), std::vector<int>(8, i),
                 [i](int x) { return x + i; }, std::move(shared)};
}

long consume(Message& message) {
  long sum = static_cast<long>(message.text.size()) + message.transform(1);
  for (int n : message.numbers) sum += n;
  message.numbers.push_back(1);
  message.text += "!";
  sum += static_cast<long>(message.shared->size());
  return sum;
}

// Messages through a channel, each worker handing its result back.
long through_channels() {
  auto jobs = gor::make_chan<Message>(4);
  auto results = gor::make_chan<long>();
  for (int w = 0; w < 3; ++w) {
    gor::go([jobs, results] {
      long total = 0;
      for (Message message : jobs) total += consume(message);
      results.send(total);
    });
  }
  for (int i = 0; i < 24; ++i) jobs.send(make_message(i));
  jobs.close();
  long total = 0;
  for (int w = 0; w < 3; ++w) total += results.recv();
  return total;
}

// Strings echoed by a loopback server, one goroutine per connection.
long through_net() {
  gor::net::Listener listener = gor::net::listen("tcp", "127.0.0.1:0");
  const std::string address = listener.addr();
  gor::WaitGroup served;
  served.add(3);
  gor::go([listener, &served]() mutable {
    for (int c = 0; c < 3; ++c) {
      gor::net::Conn conn = listener.accept();
      gor::go([conn, &served]() mutable {
        std::string text = conn.read_all();
        conn.write("echo: " + text);
        conn.close();
        served.done();
      });
    }
  });
  auto replies = gor::make_chan<std::string>(3);
  for (int c = 0; c < 3; ++c) {
    gor::go([address, replies, c] {
      gor::net::Conn conn = gor::net::dial("tcp", address);
      conn.write(std::string("client ") + std::to_string(c));
      conn.close_write();
      replies.send(conn.read_all());
      conn.close();
    });
  }
  long total = 0;
  for (int c = 0; c < 3; ++c) total += static_cast<long>(replies.recv().size());
  served.wait();
  listener.close();
  return total;
}

}  // namespace

int main() {
  return gor::main([] {
    const long channels = through_channels();
    const long echoed = through_net();
    return channels > 0 && echoed == 3 * 14 ? 0 : 1;
  });
}
