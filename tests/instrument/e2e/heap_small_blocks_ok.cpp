// Memory of many small heap blocks under detection: half a million 16-byte
// list nodes, each written once and read once. Besides the blocks' shadow,
// the detector keeps a registry entry per live block (its size and
// allocation stack, for "Location is heap block"). The entries' memory
// comes from an arena of their own: taken from malloc, they sat between the
// program's blocks and spread them, and their shadow, over four times the
// address range: memory grew by 12x the blocks' heap bytes, 5.1x now. The
// program fails if it grew by more than 8 times.
// EXPECT: no race
#include <gor/gor.hpp>

#include <cstdio>
#include <cstdlib>

#include "resident.hpp"

namespace {

constexpr long kNodes = 500000;
constexpr size_t kChunkBytes = 32;  // a 16-byte block in glibc's heap, header included

struct Node {
  long value;
  Node* next;
};

}  // namespace

int main() {
  bool within = false;
  const int status = gor::main([&] {
    const long before = resident_kib();
    Node* head = nullptr;
    for (long i = 0; i < kNodes; i++) head = new Node{i, head};
    long sum = 0;
    for (Node* n = head; n != nullptr; n = n->next) sum += n->value;
    const double heap = static_cast<double>(kNodes * kChunkBytes);
    const double growth = static_cast<double>(resident_kib() - before) * 1024 / heap;
    std::printf("sum %ld; memory grew by %.2fx the blocks' heap bytes\n", sum, growth);
    within = growth <= 8.0;
    while (head != nullptr) {
      Node* next = head->next;
      delete head;
      head = next;
    }
  });
  return status != 0 ? status : within ? 0 : 1;
}
