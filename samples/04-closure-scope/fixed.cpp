// Lesson 4 (fixed): a goroutine that outlives the function that started it
// must own what it uses, never borrow the function's locals.
//
// Go moves a captured variable to the heap when a closure outlives its
// function. C++ makes us say it: give the goroutine a copy (capture by value)
// or shared ownership (std::shared_ptr, Go's heap variable kept alive by every
// closure that refers to it).
#include <gor/gor.hpp>

#include <cstdio>
#include <memory>

// The Go version, translated faithfully: i lives on the heap, shared by the
// function and its goroutine; the goroutine's copy of the shared_ptr keeps it
// alive after incr returns.
static void incr(gor::WaitGroup& wg) {
  auto i = std::make_shared<int>(0);  // var i int, escaped to the heap
  wg.add(1);
  gor::go([&wg, i] {  // the goroutine shares ownership of i
    ++*i;
    std::printf("value of i: %d\n", *i);
    wg.done();
  });
  std::puts("return from function");
}

// When the goroutine needs only the value, capturing by value is simpler.
static void incr_copy(gor::WaitGroup& wg) {
  int i = 0;
  wg.add(1);
  gor::go([&wg, i]() mutable {  // the goroutine owns its copy of i
    ++i;
    std::printf("value of copied i: %d\n", i);
    wg.done();
  });
  std::puts("return from function");
}

int main() {
  return gor::main([] {
    gor::WaitGroup wg;  // main's wg outlives every goroutine: safe to share
    incr(wg);
    incr(wg);
    incr_copy(wg);
    wg.wait();
  });
}
