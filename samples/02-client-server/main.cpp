// Lesson 2: a TCP server handling each connection in its own goroutine, and a
// client connecting to it several times concurrently, all over loopback.
//
// The Go program it mirrors:
//
//   ln, _ := net.Listen("tcp", "127.0.0.1:0")
//   go func() {
//       for {
//           conn, err := ln.Accept()
//           if err != nil { return }       // the listener was closed
//           go handle(conn)                // one goroutine per connection
//       }
//   }()
//   for i := 0; i < 5; i++ { wg.Add(1); go func(i int) { defer wg.Done(); replies[i] = call(addr,
//   i) }(i) } wg.Wait()
//
// A goroutine blocked in accept/read/write parks; the runtime's netpoller
// wakes it when the socket is ready, so thousands of connections need no
// thousands of threads.
#include <gor/gor.hpp>

#include <cctype>
#include <cstdio>
#include <string>
#include <vector>

// Reads from conn until a newline (dropped) or the end of the stream.
static std::string read_line(gor::net::Conn& conn) {
  std::string line;
  char c;
  while (conn.read(&c, 1) == 1 && c != '\n') line += c;
  return line;
}

// Writes all of text to conn.
static void write_all(gor::net::Conn& conn, const std::string& text) {
  conn.write(text.data(), text.size());
}

// Serves one connection: reads one line and answers it in upper case.
static void handle(gor::net::Conn conn) {
  std::string line = read_line(conn);
  for (char& c : line) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  write_all(conn, "echo: " + line + "\n");
  conn.close();
}

// Accepts connections until the listener is closed, one goroutine each.
static void serve(gor::net::Listener ln) {
  for (;;) {
    gor::net::Conn conn;
    try {
      conn = ln.accept();
    } catch (const gor::net::Error&) {
      return;  // the listener was closed: stop serving
    }
    gor::go(handle, conn);
  }
}

// One client call: connects, sends a line, returns the server's answer.
static std::string call(const std::string& addr, int id) {
  gor::net::Conn conn = gor::net::dial("tcp", addr);
  write_all(conn, "hello from client " + std::to_string(id) + "\n");
  std::string reply = read_line(conn);
  conn.close();
  return reply;
}

int main() {
  return gor::main([] {
    gor::net::Listener ln = gor::net::listen("tcp", "127.0.0.1:0");  // any free port
    std::string addr = ln.addr();
    gor::go(serve, ln);

    constexpr int kClients = 5;
    std::vector<std::string> replies(kClients);  // each client writes only its own slot
    gor::WaitGroup wg;
    for (int i = 0; i < kClients; ++i) {
      wg.add(1);
      gor::go([&, i] {
        replies[i] = call(addr, i);
        wg.done();
      });
    }
    wg.wait();  // every wg.done() happens before wait returns: replies are complete
    ln.close();

    for (int i = 0; i < kClients; ++i) std::printf("client %d got \"%s\"\n", i, replies[i].c_str());
  });
}
