// The type-erased select behind gor::select (Go's selectgo).
#pragma once

#include <cstdint>

#include "gor/detail/chan_core.hpp"

namespace gor::detail {

/// One channel case of a select. c null: a nil channel (never ready).
struct SelectCase {
  ChanCore* c;
  void* elem;  // send: the value (moved from when chosen); recv: raw storage
  bool is_send;
};

/// Outcome of select_impl.
struct SelectResult {
  int index;      // the chosen case, or -1 (non-blocking and nothing ready)
  bool received;  // recv case: an element was constructed in its storage
};

/// Waits until one of cases[0..n) can proceed, choosing uniformly at random
/// among the ready ones, and performs it. With block false, returns index
/// -1 instead of waiting. n == 0 with block blocks forever. Panics when a
/// chosen send finds its channel closed. `scratch` holds 2*n uint16_t and
/// `waiters` raw storage for n Sudogs (select_waiter_size() bytes each).
SelectResult select_impl(SelectCase* cases, int n, bool block, uint16_t* scratch, void* waiters);
/// Bytes of one waiter record (Sudog) in select_impl's `waiters` storage.
inline constexpr size_t kSelectWaiterSize = 96;

}  // namespace gor::detail
