#include "slot_table.hpp"

#include <cstdio>
#include <cstdlib>

#include "shadow.hpp"

namespace gorace::analyzer {

SlotTable::~SlotTable() {
  for (SlotInfo& s : slots_)
    for (Owner& o : s.owners) GInfo::unref(o.info);
}

SlotTable::Grant SlotTable::acquire(GInfo* owner) {
  GInfo* forgotten;  // dropped from the slot's history; freed after unlocking
  Grant grant = acquire_locked(owner, forgotten);
  GInfo::unref(forgotten);
  return grant;
}

SlotTable::Grant SlotTable::acquire_locked(GInfo* owner, GInfo*& forgotten) {
  std::lock_guard<SpinLock> guard(mu_);
  uint32_t slot;
  while (quarantined_.size() > quarantine_) {
    ready_.push(quarantined_.front());
    quarantined_.pop_front();
  }
  if (!ready_.empty()) {
    slot = ready_.top();
    ready_.pop();
  } else if (slots_.size() > kMaxSlot && !quarantined_.empty()) {
    slot = quarantined_.front();
    quarantined_.pop_front();
  } else if (slots_.size() <= kMaxSlot) {
    slot = static_cast<uint32_t>(slots_.size());
    slots_.emplace_back();
  } else {
    std::fprintf(stderr, "gorace: more than %u live goroutines under race detection\n", kMaxSlot);
    std::abort();
  }
  SlotInfo& s = slots_[slot];
  forgotten = s.owners[kHistory - 1].info;
  for (int i = kHistory - 1; i > 0; i--) s.owners[i] = s.owners[i - 1];
  owner->ref();
  s.owners[0] = Owner{s.last_epoch + 1, owner};
  return Grant{slot, s.last_epoch + 1};
}

void SlotTable::release(uint32_t slot, uint32_t last_epoch) {
  std::lock_guard<SpinLock> guard(mu_);
  slots_[slot].last_epoch = last_epoch;
  // A slot whose epochs are nearly exhausted is retired, never reused.
  if (last_epoch < 0xF0000000u) quarantined_.push_back(slot);
}

GInfo* SlotTable::owner_at(uint32_t slot, uint32_t epoch) {
  std::lock_guard<SpinLock> guard(mu_);
  if (slot >= slots_.size()) return nullptr;
  for (Owner& o : slots_[slot].owners) {
    if (o.info != nullptr && o.first_epoch <= epoch) {
      o.info->ref();
      return o.info;
    }
  }
  return nullptr;
}

}  // namespace gorace::analyzer
