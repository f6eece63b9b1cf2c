// Lesson 4 (racy): a goroutine that outlives the function that started it,
// using that function's local variable through a reference.
//
// The Go program it mirrors is correct in Go:
//
//   incr := func(wg *sync.WaitGroup) {
//       var i int
//       wg.Add(1)
//       go func() { defer wg.Done(); i++; fmt.Println("value of i:", i) }()
//       fmt.Println("return from function")
//   }
//
// because Go sees that the closure outlives incr and moves `i` to the heap.
// A C++ lambda capturing by reference does no such thing: once incr returns,
// its frame's memory is reused by the next call, and the goroutine races with
// whoever uses that memory next (and the program's behaviour is undefined).
//
// To show that race without undefined behaviour, incr's locals live in an
// explicit Frame that the caller reuses for each call, as the stack would.
#include <gor/gor.hpp>

#include <cstdio>

// incr's local variables. The caller reuses one Frame for every call, the way
// consecutive calls reuse the same stack memory.
struct Frame {
  int i;
};

static void incr(Frame& frame, gor::WaitGroup& wg) {
  int& i = frame.i;  // var i int
  i = 0;             // races too when the first call's goroutine runs after this second call
  wg.add(1);
  gor::go([&wg, &i] {  // BUG: captures i by reference; i dies when incr returns
    i++;               // RACE: the goroutine writes i after incr returned (whatever the order)
    std::printf("value of i: %d\n", i);
    wg.done();
  });
  std::puts("return from function");
}

int main() {
  return gor::main([] {
    gor::WaitGroup wg;
    Frame frame;  // the "stack": one frame, reused by each call
    incr(frame, wg);
    incr(frame, wg);
    wg.wait();
  });
}
