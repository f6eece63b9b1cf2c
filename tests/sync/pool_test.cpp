// gor::Pool: the factory fills misses, put objects come back, concurrent use.
#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "gor/gor.hpp"

namespace {

TEST(Pool, FactoryMakesObjectsOnMiss) {
  int made = 0;
  gor::Pool<std::string> pool([&] {
    ++made;
    return std::string("fresh");
  });
  EXPECT_EQ(pool.get(), "fresh");
  EXPECT_EQ(made, 1);
}

TEST(Pool, ReturnsPutObjects) {
  gor::Pool<std::unique_ptr<int>> pool([] { return std::make_unique<int>(0); });
  auto object = std::make_unique<int>(7);
  int* address = object.get();
  pool.put(std::move(object));
  // Without race detection nothing is dropped.
  auto again = pool.get();
  EXPECT_EQ(again.get(), address);
  EXPECT_EQ(*again, 7);
}

TEST(Pool, DefaultFactoryValueInitialises) {
  gor::Pool<std::vector<int>> pool;
  EXPECT_TRUE(pool.get().empty());
}

TEST(Pool, ConcurrentGetPut) {
  std::atomic<int> made{0};
  gor::main([&] {
    gor::Pool<std::vector<char>> pool([&] {
      made.fetch_add(1);
      return std::vector<char>(64);
    });
    gor::WaitGroup wg;
    for (int g = 0; g < 8; ++g) {
      wg.go([&] {
        for (int i = 0; i < 1'000; ++i) {
          auto buf = pool.get();
          EXPECT_EQ(buf.size(), 64u);
          pool.put(std::move(buf));
          if (i % 100 == 0) gor::yield();
        }
      });
    }
    wg.wait();
  });
  EXPECT_LE(made.load(), 8);  // at most one live buffer per goroutine
}

}  // namespace
