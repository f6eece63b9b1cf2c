#include "clock_table.hpp"

#include <utility>

namespace gorace::analyzer {

ClockTable::Entry* ClockTable::find_entry(uintptr_t obj) {
  if (bits_ == 0) return nullptr;
  obj = key_of(obj);
  const size_t mask = (size_t{1} << bits_) - 1;
  for (size_t i = home(obj);; i = (i + 1) & mask) {
    Entry& e = entries_[i];
    if (e.key == obj) return &e;
    if (e.key == kEmpty) return nullptr;
  }
}

VectorClock* ClockTable::find(uintptr_t obj) {
  Entry* e = find_entry(obj);
  return e != nullptr ? &e->clock : nullptr;
}

VectorClock& ClockTable::get(uintptr_t obj, bool* created) {
  // Keep at least a quarter of the slots empty, so probes stay short and
  // always end.
  if (bits_ == 0 || (live_ + erased_ + 1) * 4 > (size_t{3} << bits_)) rehash();
  const size_t mask = (size_t{1} << bits_) - 1;
  obj = key_of(obj);
  Entry* reuse = nullptr;
  for (size_t i = home(obj);; i = (i + 1) & mask) {
    Entry& e = entries_[i];
    if (e.key == obj) return e.clock;
    if (e.key == kErased && reuse == nullptr) reuse = &e;
    if (e.key == kEmpty) {
      Entry& slot = reuse != nullptr ? *reuse : e;
      if (reuse != nullptr) erased_--;
      slot.key = obj;
      live_++;
      if (created != nullptr) *created = true;
      return slot.clock;
    }
  }
}

bool ClockTable::take(uintptr_t obj, VectorClock& out) {
  Entry* e = find_entry(obj);
  if (e == nullptr) return false;
  out = std::move(e->clock);
  e->clock.clear();
  e->key = kErased;
  live_--;
  erased_++;
  return true;
}

void ClockTable::rehash() {
  unsigned bits = 4;
  while ((size_t{1} << bits) < (live_ + 1) * 4) bits++;  // at most a quarter full after
  std::unique_ptr<Entry[]> old = std::move(entries_);
  const size_t old_size = bits_ == 0 ? 0 : size_t{1} << bits_;
  entries_ = std::make_unique<Entry[]>(size_t{1} << bits);
  bits_ = bits;
  erased_ = 0;
  const size_t mask = (size_t{1} << bits_) - 1;
  for (size_t j = 0; j < old_size; j++) {
    Entry& from = old[j];
    if (from.key == kEmpty || from.key == kErased) continue;
    size_t i = home(from.key);
    while (entries_[i].key != kEmpty) i = (i + 1) & mask;
    entries_[i].key = from.key;
    entries_[i].clock = std::move(from.clock);
  }
}

}  // namespace gorace::analyzer
