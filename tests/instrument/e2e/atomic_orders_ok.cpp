// Every kind of atomic operation the runtime performs, used correctly with
// each memory order that synchronises: no race may be reported.
//  - release store / acquire load message passing (int, bool, pointer,
//    double), and the same with seq_cst;
//  - a spin lock of compare_exchange_weak (acquire) and store (release);
//  - a token handed over by acq_rel read-modify-writes (exchange, fetch_add,
//    fetch_sub, fetch_and, fetch_or, fetch_xor) on 1-, 2-, 4- and 8-byte
//    atomics, and a compare_exchange_strong (acq_rel / acquire) ticket;
//  - relaxed counters (atomic accesses never race each other).
// EXPECT: no race
#include <gor/gor.hpp>

#include <atomic>
#include <cstdint>
#include <cstdlib>

namespace {

struct Message {
  int value;
};

int payload_int;
int payload_bool;
int payload_pointer;
double payload_double;
int payload_seq_cst;
std::atomic<int> ready_int;
std::atomic<bool> ready_bool;
std::atomic<Message*> ready_pointer;
std::atomic<double> ready_double;
std::atomic<int> ready_seq_cst;

std::atomic<bool> spin;
long guarded;

std::atomic<uint8_t> token8;
std::atomic<uint16_t> token16;
std::atomic<uint32_t> token32;
std::atomic<uint64_t> token64;
int baton;

std::atomic<int> ticket;
int after_ticket;

std::atomic<long> relaxed_hits;

void lock() {
  bool expected = false;
  while (!spin.compare_exchange_weak(expected, true, std::memory_order_acquire,
                                     std::memory_order_relaxed)) {
    expected = false;
    gor::yield();
  }
}
void unlock() {
  spin.store(false, std::memory_order_release);
}

}  // namespace

int main() {
  return gor::main([] {
    gor::WaitGroup wg;
    // Message passing.
    wg.add(1);
    gor::go([&] {
      payload_int = 1;
      ready_int.store(1, std::memory_order_release);
      payload_bool = 2;
      ready_bool.store(true, std::memory_order_release);
      payload_pointer = 3;
      ready_pointer.store(new Message{3}, std::memory_order_release);
      payload_double = 4;
      ready_double.store(4.0, std::memory_order_release);
      payload_seq_cst = 5;
      ready_seq_cst.store(1);
      wg.done();
    });
    while (ready_int.load(std::memory_order_acquire) == 0) gor::yield();
    int sum = payload_int;
    while (!ready_bool.load(std::memory_order_acquire)) gor::yield();
    sum += payload_bool;
    Message* m = nullptr;
    while ((m = ready_pointer.load(std::memory_order_acquire)) == nullptr) gor::yield();
    sum += payload_pointer + m->value;
    while (ready_double.load(std::memory_order_acquire) == 0.0) gor::yield();
    sum += static_cast<int>(payload_double);
    while (ready_seq_cst.load() == 0) gor::yield();
    sum += payload_seq_cst;
    wg.wait();
    delete m;

    // A CAS spin lock guarding a plain counter.
    wg.add(3);
    for (int g = 0; g < 3; ++g) {
      gor::go([&] {
        for (int i = 0; i < 50; ++i) {
          lock();
          ++guarded;
          unlock();
          relaxed_hits.fetch_add(1, std::memory_order_relaxed);
        }
        wg.done();
      });
    }
    wg.wait();

    // A baton passed along by acq_rel read-modify-writes: each step waits
    // for the previous one's value, writes the baton, then releases.
    wg.add(1);
    gor::go([&] {
      baton = 1;
      token8.exchange(1, std::memory_order_acq_rel);
      while (token16.load(std::memory_order_acquire) != 1) gor::yield();
      baton = 3;
      token32.fetch_or(1, std::memory_order_acq_rel);
      while (token64.load(std::memory_order_acquire) != 1) gor::yield();
      baton = 5;
      token8.fetch_xor(3, std::memory_order_acq_rel);  // 1 -> 2
      wg.done();
    });
    while (token8.load(std::memory_order_acquire) != 1) gor::yield();
    baton = 2;
    token16.fetch_add(1, std::memory_order_acq_rel);
    while (token32.load(std::memory_order_acquire) != 1) gor::yield();
    baton = 4;
    token64.fetch_sub(static_cast<uint64_t>(-1), std::memory_order_acq_rel);  // 0 -> 1
    while (token8.fetch_and(0xFF, std::memory_order_acq_rel) != 2) gor::yield();
    baton = 6;
    wg.wait();

    // A ticket: whoever's compare-exchange succeeds second sees the first's
    // write.
    wg.add(2);
    for (int g = 0; g < 2; ++g) {
      gor::go([&] {
        int expected = 0;
        if (!ticket.compare_exchange_strong(expected, 1, std::memory_order_acq_rel,
                                            std::memory_order_acquire)) {
          while (ticket.load(std::memory_order_acquire) != 2) gor::yield();
          after_ticket += 1;  // the winner's write happens before
        } else {
          after_ticket = 10;
          ticket.store(2, std::memory_order_release);
        }
        wg.done();
      });
    }
    wg.wait();

    // gor::main's status ignores the lambda's: fail loudly (and keep the
    // plain reads above alive).
    if (sum != 18 || guarded != 150 || relaxed_hits.load() != 150 || baton != 6 ||
        after_ticket != 11) {
      std::abort();
    }
  });
}
