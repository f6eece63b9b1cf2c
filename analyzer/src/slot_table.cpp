#include "slot_table.hpp"

#include <cstdio>
#include <cstdlib>
#include <mutex>

#include "shadow.hpp"

namespace gorace::analyzer {

SlotTable::SlotTable(uint32_t quarantine)
    : quarantine_(quarantine), chunks_((size_t{kMaxSlot} + kChunkSlots) / kChunkSlots) {}

SlotTable::~SlotTable() {
  for (std::atomic<SlotInfo*>& chunk : chunks_) {
    SlotInfo* slots = chunk.load(std::memory_order_relaxed);
    if (slots == nullptr) continue;
    for (uint32_t i = 0; i < kChunkSlots; i++)
      for (GInfo* owner : slots[i].owners) GInfo::unref(owner);
    delete[] slots;
  }
}

SlotTable::Grant SlotTable::acquire(GInfo* owner) {
  const uint32_t slot = take_slot();
  SlotInfo& s = info(slot);
  owner->ref();
  GInfo* forgotten;  // dropped from the slot's history; freed after unlocking
  Grant grant{slot, s.last_epoch + 1};
  {
    std::lock_guard<SpinLock> guard(s.lock);
    forgotten = s.owners[kHistory - 1];
    for (int i = kHistory - 1; i > 0; i--) {
      s.owners[i] = s.owners[i - 1];
      s.first_epochs[i] = s.first_epochs[i - 1];
    }
    s.owners[0] = owner;
    s.first_epochs[0] = grant.first_epoch;
  }
  GInfo::unref(forgotten);
  return grant;
}

uint32_t SlotTable::take_slot() {
  std::lock_guard<SpinLock> guard(mu_);
  while (quarantined_.size() > quarantine_) ready_.push(quarantined_.pop());
  if (!ready_.empty()) {
    const uint32_t slot = ready_.top();
    ready_.pop();
    return slot;
  }
  const uint32_t created = created_.load(std::memory_order_relaxed);
  if (created <= kMaxSlot) {
    std::atomic<SlotInfo*>& chunk = chunks_[created / kChunkSlots];
    if (chunk.load(std::memory_order_relaxed) == nullptr)
      chunk.store(new SlotInfo[kChunkSlots], std::memory_order_release);
    created_.store(created + 1, std::memory_order_release);
    return created;
  }
  if (!quarantined_.empty()) return quarantined_.pop();  // every slot is taken: cut quarantine
  std::fprintf(stderr, "gorace: more than %u live goroutines under race detection\n", kMaxSlot);
  std::abort();
}

void SlotTable::release(uint32_t slot, uint32_t last_epoch) {
  info(slot).last_epoch = last_epoch;
  // A slot whose epochs are nearly exhausted is retired, never reused.
  if (last_epoch >= 0xF0000000u) return;
  std::lock_guard<SpinLock> guard(mu_);
  quarantined_.push(slot);
}

GInfo* SlotTable::owner_at(uint32_t slot, uint32_t epoch) {
  if (slot >= created_.load(std::memory_order_acquire)) return nullptr;
  SlotInfo& s = info(slot);
  std::lock_guard<SpinLock> guard(s.lock);
  for (int i = 0; i < kHistory; i++) {
    if (s.owners[i] != nullptr && s.first_epochs[i] <= epoch) {
      s.owners[i]->ref();
      return s.owners[i];
    }
  }
  return nullptr;
}

void SlotTable::Fifo::push(uint32_t slot) {
  if (size_ == ring_.size()) {  // full: unroll into a ring twice the size
    std::vector<uint32_t> bigger(ring_.empty() ? 64 : ring_.size() * 2);
    for (size_t i = 0; i < size_; i++) bigger[i] = ring_[(head_ + i) & (ring_.size() - 1)];
    ring_.swap(bigger);
    head_ = 0;
  }
  ring_[(head_ + size_) & (ring_.size() - 1)] = slot;
  size_++;
}

uint32_t SlotTable::Fifo::pop() {
  const uint32_t slot = ring_[head_];
  head_ = (head_ + 1) & (ring_.size() - 1);
  size_--;
  return slot;
}

}  // namespace gorace::analyzer
