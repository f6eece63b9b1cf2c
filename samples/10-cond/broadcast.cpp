// Lesson 10.2: gor::Cond, broadcast. broadcast wakes every waiting goroutine:
// here three handlers subscribed to a button's click.
//
// The Go program it mirrors ("Concurrency in Go", chapter 3):
//
//   button := Button{Clicked: sync.NewCond(&sync.Mutex{})}
//   subscribe(button.Clicked, func() { fmt.Println("Maximizing window.") })
//   subscribe(button.Clicked, func() { fmt.Println("Displaying annoying dialog box!") })
//   subscribe(button.Clicked, func() { fmt.Println("Mouse clicked.") })
//   button.Clicked.Broadcast()
//
// Unlike the book's version, the handlers wait for a `clicked` flag in a loop:
// a broadcast sent before a handler starts waiting would otherwise be lost.
#include <gor/gor.hpp>

#include <cstdio>
#include <functional>

// A button whose click wakes every subscribed handler.
class Button {
 public:
  // Starts a goroutine that runs handler once the button is clicked.
  void subscribe(std::function<void()> handler, gor::WaitGroup& wg) {
    wg.go([this, handler] {
      mu_.lock();
      while (!clicked_) clicked_cond_.wait();
      mu_.unlock();
      handler();
    });
  }
  // Clicks: wakes all the handlers.
  void click() {
    mu_.lock();
    clicked_ = true;
    mu_.unlock();
    clicked_cond_.broadcast();
  }

 private:
  gor::Mutex mu_;
  gor::Cond clicked_cond_{mu_};
  bool clicked_ = false;  // guarded by mu_
};

int main() {
  return gor::main([] {
    Button button;
    gor::WaitGroup handlers;
    button.subscribe([] { std::puts("Maximizing window."); }, handlers);
    button.subscribe([] { std::puts("Displaying annoying dialog box!"); }, handlers);
    button.subscribe([] { std::puts("Mouse clicked."); }, handlers);
    button.click();
    handlers.wait();
  });
}
