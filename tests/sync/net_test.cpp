// gor::net: an echo server with 100 concurrent clients, addresses, error
// texts, EOF, and close() waking goroutines parked in accept/read.
#include <gtest/gtest.h>

#include <atomic>
#include <cerrno>
#include <string>
#include <vector>

#include "gor/gor.hpp"

namespace {

// Serves each connection by echoing everything back until EOF.
void echo_server(gor::net::Listener listener) {
  for (;;) {
    gor::net::Conn conn;
    try {
      conn = listener.accept();
    } catch (const gor::net::Error&) {
      return;  // listener closed
    }
    gor::go([conn]() mutable {
      char buf[4096];
      while (size_t n = conn.read(buf, sizeof buf)) conn.write(buf, n);
      conn.close();
    });
  }
}

// A listener on a loopback port, a connection dialed to it and the
// server's side of that connection.
struct ConnectedPair {
  gor::net::Listener listener;
  gor::net::Conn conn;
  gor::net::Conn server;
};
ConnectedPair connected_pair() {
  auto listener = gor::net::listen("tcp", "127.0.0.1:0");
  auto server_side = gor::make_chan<gor::net::Conn>(1);
  gor::go([listener, server_side]() mutable { server_side.send(listener.accept()); });
  auto conn = gor::net::dial("tcp", listener.addr());
  return {listener, conn, server_side.recv()};
}

TEST(Net, EchoServerWithHundredConcurrentClients) {
  constexpr int kClients = 100;
  std::atomic<int> ok{0};
  gor::main([&] {
    auto listener = gor::net::listen("tcp", "127.0.0.1:0");
    gor::go(echo_server, listener);
    gor::WaitGroup wg;
    for (int c = 0; c < kClients; ++c) {
      wg.go([&, c] {
        auto conn = gor::net::dial("tcp", listener.addr());
        // Several round trips, then a larger message than one socket buffer chunk.
        for (int round = 0; round < 3; ++round) {
          const std::string msg = "client " + std::to_string(c) + " round " + std::to_string(round);
          conn.write(msg);
          std::string got(msg.size(), '\0');
          size_t have = 0;
          while (have < got.size()) {
            const size_t n = conn.read(got.data() + have, got.size() - have);
            ASSERT_GT(n, 0u);
            have += n;
          }
          EXPECT_EQ(got, msg);
        }
        const std::string big(200'000, static_cast<char>('a' + c % 26));
        gor::go([conn, big]() mutable {
          conn.write(big);
          conn.close_write();
        });
        EXPECT_EQ(conn.read_all(), big);
        conn.close();
        ok.fetch_add(1);
      });
    }
    wg.wait();
    listener.close();
  });
  EXPECT_EQ(ok.load(), kClients);
}

TEST(Net, AddressesArePrinted) {
  gor::main([] {
    auto listener = gor::net::listen("tcp4", "127.0.0.1:0");
    const std::string addr = listener.addr();
    EXPECT_EQ(addr.rfind("127.0.0.1:", 0), 0u) << addr;
    EXPECT_NE(addr, "127.0.0.1:0");
    auto server_side = gor::make_chan<gor::net::Conn>(1);
    gor::go([&] { server_side.send(listener.accept()); });
    auto client = gor::net::dial("tcp", addr);
    auto server = server_side.recv();
    EXPECT_EQ(client.remote_addr(), addr);
    EXPECT_EQ(server.remote_addr(), client.local_addr());
    EXPECT_EQ(server.local_addr(), addr);
    client.close();
    char c;
    EXPECT_EQ(server.read(&c, 1), 0u);  // EOF
    listener.close();
  });
}

TEST(Net, LocalhostName) {
  gor::main([] {
    auto listener = gor::net::listen("tcp", "localhost:0");
    const std::string addr = listener.addr();
    const std::string port = addr.substr(addr.rfind(':') + 1);
    gor::go([&] {
      auto c = listener.accept();
      c.write("hi");
      c.close();
    });
    auto conn = gor::net::dial("tcp", "localhost:" + port);
    EXPECT_EQ(conn.read_all(), "hi");
    listener.close();
  });
}

TEST(Net, DialRefusedErrorText) {
  gor::main([] {
    // Find a port nobody listens on: listen, note the port, close.
    auto listener = gor::net::listen("tcp", "127.0.0.1:0");
    const std::string addr = listener.addr();
    listener.close();
    try {
      gor::net::dial("tcp", addr);
      ADD_FAILURE() << "dial succeeded";
    } catch (const gor::net::Error& e) {
      EXPECT_EQ(std::string(e.what()), "dial tcp " + addr + ": connect: connection refused");
      EXPECT_EQ(e.code(), ECONNREFUSED);
    }
  });
}

TEST(Net, BadNetworkAndAddressErrors) {
  gor::main([] {
    auto message = [](auto&& f) -> std::string {
      try {
        f();
      } catch (const gor::net::Error& e) {
        return e.what();
      }
      return "no error";
    };
    EXPECT_EQ(message([] { gor::net::dial("tcpx", "127.0.0.1:80"); }),
              "dial tcpx: unknown network tcpx");
    EXPECT_EQ(message([] { gor::net::listen("foo", ":0"); }), "listen foo: unknown network foo");
    EXPECT_EQ(message([] { gor::net::dial("tcp", "127.0.0.1"); }),
              "dial tcp: address 127.0.0.1: missing port in address");
    EXPECT_EQ(message([] { gor::net::dial("tcp", "127.0.0.1:99999"); }),
              "dial tcp: address 99999: invalid port");  // Go names the port alone
    EXPECT_EQ(message([] { gor::net::dial("tcp4", "[::1]:80"); }),
              "dial tcp4: address ::1: no suitable address found");
    EXPECT_NE(
        message([] { gor::net::dial("udp", "127.0.0.1:80"); }).find("unsupported network udp"),
        std::string::npos);
    EXPECT_EQ(message([] { gor::net::dial("tcp", "no-such-host.invalid:80"); }),
              "dial tcp: lookup no-such-host.invalid: no such host");
  });
}

TEST(Net, CloseWakesParkedAccept) {
  gor::main([] {
    auto listener = gor::net::listen("tcp", "127.0.0.1:0");
    const std::string addr = listener.addr();
    auto result = gor::make_chan<std::string>(1);
    gor::go([&] {
      try {
        listener.accept();
        result.send("accepted");
      } catch (const gor::net::Error& e) {
        result.send(e.what());
      }
    });
    gor::sleep(std::chrono::milliseconds(20));  // parked in accept
    listener.close();
    EXPECT_EQ(result.recv(), "accept tcp " + addr + ": use of closed network connection");
    // Later calls fail the same way.
    EXPECT_THROW(listener.accept(), gor::net::Error);
    listener.close();  // idempotent
  });
}

TEST(Net, CloseWakesParkedRead) {
  gor::main([] {
    auto [listener, conn, server] = connected_pair();
    auto result = gor::make_chan<std::string>(1);
    gor::go([&] {
      char buf[16];
      try {
        conn.read(buf, sizeof buf);
        result.send("read returned");
      } catch (const gor::net::Error& e) {
        result.send(e.what());
      }
    });
    gor::sleep(std::chrono::milliseconds(20));  // parked in read
    const std::string expected = "read tcp " + conn.local_addr() + "->" + conn.remote_addr() +
                                 ": use of closed network connection";
    conn.close();
    EXPECT_EQ(result.recv(), expected);
    server.close();
    listener.close();
  });
}

// As Go's Close: a connection closed with input left unread is reset, and
// the peer's read fails so instead of seeing an orderly end of stream.
TEST(Net, CloseWithUnreadInputResetsTheConnection) {
  gor::main([] {
    auto [listener, conn, server] = connected_pair();
    conn.write("request");
    gor::sleep(std::chrono::milliseconds(20));  // the request reaches the server
    server.close();
    char buf[16];
    try {
      const size_t n = conn.read(buf, sizeof buf);
      ADD_FAILURE() << "read returned " << n;
    } catch (const gor::net::Error& e) {
      EXPECT_EQ(std::string(e.what()), "read tcp " + conn.local_addr() + "->" + conn.remote_addr() +
                                           ": read: connection reset by peer");
    }
    conn.close();
    listener.close();
  });
}

// Operations on a closed Conn or Listener fail without touching its old
// descriptor number, which a newer socket may hold by then (they closed it
// a second time).
TEST(Net, OperationsAfterCloseLeaveAReusedDescriptorAlone) {
  gor::main([] {
    auto listener = gor::net::listen("tcp", "127.0.0.1:0");
    gor::go([listener] { echo_server(listener); });
    auto old_conn = gor::net::dial("tcp", listener.addr());
    old_conn.close();
    auto conn = gor::net::dial("tcp", listener.addr());  // likely the same number
    char byte;
    EXPECT_THROW(old_conn.read(&byte, 1), gor::net::Error);
    EXPECT_THROW(old_conn.write("x", 1), gor::net::Error);
    EXPECT_THROW(old_conn.set_deadline(gor::now()), gor::net::Error);
    auto old_listener = gor::net::listen("tcp", "127.0.0.1:0");
    old_listener.close();
    auto other = gor::net::listen("tcp", "127.0.0.1:0");  // likely the same number
    EXPECT_THROW(old_listener.accept(), gor::net::Error);
    conn.write("ping", 4);
    char echoed[4];
    size_t got = 0;
    while (got < 4) got += conn.read(echoed + got, 4 - got);
    EXPECT_EQ(std::string(echoed, 4), "ping");
    gor::go([other]() mutable { gor::net::dial("tcp", other.addr()).close(); });
    other.accept().close();
    conn.close();
    other.close();
    listener.close();
  });
}

// Go's SetReadDeadline: a read waiting past its deadline fails with "i/o
// timeout" (Timeout() true); an expired deadline fails the next read at
// once; a cleared one lets it wait for the data.
TEST(Net, ReadDeadlinePassesWithATimeoutError) {
  using namespace std::chrono_literals;
  gor::main([] {
    auto [listener, conn, server] = connected_pair();
    char buf[16];
    conn.set_read_deadline(gor::now() + 20ms);
    const auto start = gor::now();
    try {
      conn.read(buf, sizeof buf);
      ADD_FAILURE() << "read returned";
    } catch (const gor::net::Error& e) {
      EXPECT_TRUE(e.timeout());
      EXPECT_EQ(e.code(), ETIMEDOUT);
      EXPECT_EQ(std::string(e.what()),
                "read tcp " + conn.local_addr() + "->" + conn.remote_addr() + ": i/o timeout");
    }
    EXPECT_GE(gor::now() - start, 20ms);
    server.write("x");
    EXPECT_THROW(conn.read(buf, sizeof buf), gor::net::Error);  // still past it
    conn.set_read_deadline(gor::Time{});
    EXPECT_EQ(conn.read(buf, sizeof buf), 1u);
    conn.close();
    server.close();
    listener.close();
  });
}

// Setting a deadline reaches a read already waiting, as Go's.
TEST(Net, DeadlineSetWhileWaitingWakesTheRead) {
  using namespace std::chrono_literals;
  gor::main([] {
    auto [listener, conn, server] = connected_pair();
    auto timed_out = gor::make_chan<bool>(1);
    gor::go([&] {
      char buf[16];
      try {
        conn.read(buf, sizeof buf);
        timed_out.send(false);
      } catch (const gor::net::Error& e) {
        timed_out.send(e.timeout());
      }
    });
    gor::sleep(10ms);  // parked in read, no deadline
    conn.set_deadline(gor::now() - 1ms);
    EXPECT_TRUE(timed_out.recv());
    conn.close();
    server.close();
    listener.close();
  });
}

TEST(Net, AcceptDeadline) {
  using namespace std::chrono_literals;
  gor::main([] {
    auto listener = gor::net::listen("tcp", "127.0.0.1:0");
    listener.set_deadline(gor::now() + 10ms);
    try {
      listener.accept();
      ADD_FAILURE() << "accept returned";
    } catch (const gor::net::Error& e) {
      EXPECT_TRUE(e.timeout()) << e.what();
      EXPECT_EQ(std::string(e.what()), "accept tcp " + listener.addr() + ": i/o timeout");
    }
    listener.set_deadline(gor::Time{});
    auto accepted = gor::make_chan<bool>(1);
    gor::go([&] { accepted.send(static_cast<bool>(listener.accept())); });
    auto conn = gor::net::dial("tcp", listener.addr());
    EXPECT_TRUE(accepted.recv());
    conn.close();
    listener.close();
  });
}

// A write blocked on a full socket buffer (the peer never reads) times out.
TEST(Net, WriteDeadline) {
  using namespace std::chrono_literals;
  gor::main([] {
    auto [listener, conn, server] = connected_pair();
    conn.set_write_deadline(gor::now() + 30ms);
    std::string chunk(1 << 20, 'x');
    bool timed_out = false;
    try {
      for (int i = 0; i < 1000; ++i) conn.write(chunk);
    } catch (const gor::net::Error& e) {
      timed_out = e.timeout();
    }
    EXPECT_TRUE(timed_out);
    conn.close();
    server.close();
    listener.close();
  });
}

// As Go's Write returns n with the error: a write that fails part-way
// (here its deadline passes while the peer reads nothing) says how many of
// its bytes it sent, and the peer then receives exactly those.
TEST(Net, FailedWriteSaysHowManyBytesItSent) {
  using namespace std::chrono_literals;
  gor::main([] {
    auto [listener, conn, server] = connected_pair();
    const std::string big(64 << 20, 'x');  // more than the socket buffers hold
    conn.set_write_deadline(gor::now() + 200ms);
    size_t sent = 0;
    try {
      conn.write(big);
      ADD_FAILURE() << "a 64 MiB write to a peer that reads nothing finished";
    } catch (const gor::net::Error& e) {
      EXPECT_TRUE(e.timeout()) << e.what();
      sent = e.transferred();
    }
    EXPECT_GT(sent, 0u);
    EXPECT_LT(sent, big.size());
    conn.close();
    EXPECT_EQ(server.read_all().size(), sent);
    server.close();
    listener.close();
  });
}

// read_all() failing part-way keeps what it read (Go's io.ReadAll returns
// it with the error).
TEST(Net, FailedReadAllKeepsWhatItRead) {
  using namespace std::chrono_literals;
  gor::main([] {
    auto [listener, conn, server] = connected_pair();
    server.write("partial answer");
    conn.set_read_deadline(gor::now() + 200ms);
    try {
      conn.read_all();
      ADD_FAILURE() << "read_all returned without EOF";
    } catch (const gor::net::Error& e) {
      EXPECT_TRUE(e.timeout()) << e.what();
      EXPECT_EQ(e.partial(), "partial answer");
      EXPECT_EQ(e.transferred(), e.partial().size());
    }
    conn.close();
    server.close();
    listener.close();
  });
}

TEST(Net, WriteToClosedPeerFails) {
  gor::main([] {
    auto listener = gor::net::listen("tcp", "127.0.0.1:0");
    auto server_side = gor::make_chan<gor::net::Conn>(1);
    gor::go([&] { server_side.send(listener.accept()); });
    auto conn = gor::net::dial("tcp", listener.addr());
    server_side.recv().close();
    const std::string chunk(64 * 1024, 'x');
    try {
      for (int i = 0; i < 1000; ++i) conn.write(chunk);  // RST arrives; then EPIPE
      ADD_FAILURE() << "writes kept succeeding";
    } catch (const gor::net::Error& e) {
      const std::string what = e.what();
      EXPECT_EQ(
          what.rfind("write tcp " + conn.local_addr() + "->" + conn.remote_addr() + ": write: ", 0),
          0u)
          << what;
    }
    listener.close();
  });
}

TEST(Net, DefaultConstructedHandlesThrow) {
  gor::net::Conn conn;
  gor::net::Listener listener;
  EXPECT_FALSE(conn);
  EXPECT_FALSE(listener);
  char c;
  EXPECT_THROW(conn.read(&c, 1), gor::net::Error);
  EXPECT_THROW(listener.accept(), gor::net::Error);
}

}  // namespace
