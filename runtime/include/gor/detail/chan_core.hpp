// The type-erased channel implementation behind gor::Chan<T> (Go's
// chan.go): one lock per channel, FIFO queues of waiting goroutines, direct
// hand-off to a parked receiver or sender, a ring buffer, close waking
// everyone. Elements move through ElemOps, so any movable T works.
#pragma once

#include <atomic>
#include <cstddef>
#include <new>
#include <type_traits>
#include <utility>

#include "gor/detail/intrusive_ref.hpp"
#include "gor/detail/sched.hpp"

namespace gor::detail {

/// The channel operations' names in race reports: the top frame of their
/// runtime-level access, and their entries in a goroutine's sync history.
inline constexpr const char* kChanSend = "gor::Chan::send";
inline constexpr const char* kChanRecv = "gor::Chan::recv";
inline constexpr const char* kChanClose = "gor::Chan::close";

/// How the core moves and destroys elements of one type.
struct ElemOps {
  size_t size;
  size_t align;
  /// Constructs *dst (raw storage) from *src by move; *src stays alive.
  void (*move_construct)(void* dst, void* src);
  void (*destroy)(void* p);
  /// Whether moving and destroying run no user code (T is trivially move
  /// constructible and destructible), so that race detection need not hide
  /// them (these header functions themselves are never instrumented).
  bool trivial;
};

/// Moves run under the channel's lock: a throwing move constructor
/// terminates the program (noexcept) instead of leaving the lock held.
template <class T>
inline constexpr ElemOps kElemOps = {
    sizeof(T), alignof(T),
    [](void* d, void* s) noexcept { ::new (d) T(std::move(*static_cast<T*>(s))); },
    [](void* p) noexcept { static_cast<T*>(p)->~T(); },
    (std::is_trivially_move_constructible_v<T> && std::is_trivially_destructible_v<T>)};

class ChanCore;

/// Makes a channel with a buffer of `cap` elements and one reference.
/// Panics ("makechan: size out of range") when cap < 0.
ChanCore* chan_make(const ElemOps* ops, long long cap);
/// Adds a reference to the channel object (handles share ownership).
void chan_retain(ChanCore* c) noexcept;
/// Drops a reference; the last one frees the channel and its buffer.
void chan_release(ChanCore* c) noexcept;

/// Sends the element at `src` (moved from when sent). Nil c blocks forever
/// (non-blocking: returns false). Panics when c is or gets closed. Returns
/// whether the element was sent (always true when `block`). Race detection:
/// the caller records the send's read of c (see Chan::send), so that it is
/// named by the caller's operation.
bool chan_send(ChanCore* c, void* src, bool block);
/// Sends *src if c (not nil) can take it now and is open; never blocks or
/// panics. Returns whether it was sent. For the runtime's own sends on a
/// channel the program can close (a timer's c: closing it in Go does not
/// compile; here the tick is dropped, as when c is full).
bool chan_offer(ChanCore* c, void* src);

/// Outcome of a receive.
struct RecvResult {
  bool selected;  // the receive completed (false: would block, non-blocking only)
  bool received;  // an element was constructed in dst (false: closed and drained)
};
/// Receives into raw storage `dst` (constructed iff received). Nil c blocks
/// forever.
RecvResult chan_recv(ChanCore* c, void* dst, bool block);

/// Closes c; panics on nil ("close of nil channel") or closed ("close of
/// closed channel"). Wakes every waiting receiver and sender.
void chan_close(ChanCore* c);
/// Buffered elements now (0 for nil c; a snapshot, as Go's len).
size_t chan_len(const ChanCore* c) noexcept;
/// Buffer capacity (0 for nil or unbuffered c).
size_t chan_cap(const ChanCore* c) noexcept;

/// Owning reference to a ChanCore (null: the nil channel).
using ChanRef = IntrusiveRef<ChanCore, chan_retain, chan_release>;

/// Raw aligned storage for one T that may or may not hold a value.
template <class T>
struct Slot {
  alignas(T) unsigned char bytes[sizeof(T)];
  void* ptr() noexcept { return bytes; }
  /// The value a receive stored in the slot.
  T& held() noexcept { return *std::launder(reinterpret_cast<T*>(bytes)); }
  /// Moves the held value out and destroys the slot's copy.
  T take() {
    T v(std::move(held()));
    held().~T();
    return v;
  }
};

}  // namespace gor::detail
