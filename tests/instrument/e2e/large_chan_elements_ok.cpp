// Elements of Go's largest size (64 KiB - 1) go through a channel at -O0 on
// a goroutine's fixed stack: a send copies the element once (the argument),
// a receive builds its result from one slot. They overflowed it before.
// EXPECT: no race
#include <gor/gor.hpp>

#include <cstdio>
#include <cstring>

struct Big {
  unsigned char bytes[65535];
};

void send_one(gor::Chan<Big> c, unsigned char mark) {
  Big b;
  std::memset(b.bytes, mark, sizeof b.bytes);
  c.send(b);
}

int receive_one(gor::Chan<Big> c) {
  Big b = c.recv();
  return b.bytes[100];
}

int receive_ok(gor::Chan<Big> c) {
  auto [b, ok] = c.recv_ok();
  return ok ? b.bytes[200] : -1;
}

int receive_all(gor::Chan<Big> c) {
  int sum = 0;
  for (Big& b : c) sum += b.bytes[300];
  return sum;
}

int main() {
  return gor::main([] {
    auto c = gor::make_chan<Big>(1);
    auto sums = gor::make_chan<int>();
    gor::go([c, sums] {
      int sum = receive_one(c);
      sum += receive_ok(c);
      sums.send(sum + receive_all(c));
    });
    for (unsigned char mark = 1; mark <= 4; mark++) send_one(c, mark);
    c.close();
    const int sum = sums.recv();
    std::printf("%d\n", sum);
    return sum == 1 + 2 + 3 + 4 ? 0 : 1;
  });
}
