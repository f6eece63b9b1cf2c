// The engine's per-goroutine records.
//  - GInfo: identity of a goroutine for reports (id, creation stack, creator,
//    recent sync events). Reference-counted: kept by its GState, by the
//    GInfo of each goroutine it created, and by its slot's owner history, so
//    creation chains and histories outlive the goroutine as long as a report
//    may need them.
//  - GState: the clock, shadow call stack and slot of a live goroutine; used
//    only by that goroutine.
#pragma once

#include <atomic>
#include <bit>
#include <cstdint>
#include <memory>

#include "block_pool.hpp"
#include "gorace/analyzer/engine.hpp"
#include "shadow_stack.hpp"
#include "stack_log.hpp"
#include "vector_clock.hpp"

namespace gorace::analyzer {

/// Kinds of recorded sync events (names in SyncEvent::kind).
enum class EventKind : uint8_t { kAcquire, kRelease, kReleaseMerge, kReleaseAcquire, kGo };
const char* event_kind_name(EventKind k);

/// A fixed-size ring of a goroutine's recent sync events. Written only by
/// its goroutine; read by reports concurrently (fields are atomics: a torn
/// event shows mixed fields, never undefined behaviour).
class EventRing {
 public:
  /// Keeps the last `capacity` events, rounded up to a power of two (so a
  /// slot is found with a mask, not a division); 0 keeps none.
  explicit EventRing(uint32_t capacity) : capacity_(capacity == 0 ? 0 : std::bit_ceil(capacity)) {}
  ~EventRing();
  EventRing(const EventRing&) = delete;
  EventRing& operator=(const EventRing&) = delete;
  void push(EventKind kind, const char* what, uintptr_t object, uint32_t epoch, FrameId where);
  struct Event {
    EventKind kind;
    const char* what;
    uintptr_t object;
    uint32_t epoch;
    FrameId where;
  };
  /// Events with epoch <= max_epoch, oldest first.
  std::vector<Event> snapshot(uint32_t max_epoch) const;

 private:
  struct Slot {
    std::atomic<uint64_t> object{0};
    std::atomic<const char*> what{nullptr};
    std::atomic<FrameId> where{nullptr};
    std::atomic<uint32_t> epoch{0};
    std::atomic<uint8_t> kind{0};
  };
  uint32_t capacity_;
  std::atomic<uint64_t> count_{0};
  std::atomic<Slot*> slots_{nullptr};  // allocated on first push
};

struct GInfo : Pooled {
  GInfo(uint64_t id_, bool is_main_, StackId created_at_, GInfo* parent_, uint32_t history,
        uint32_t stack_history)
      : id(id_),
        is_main(is_main_),
        created_at(created_at_),
        parent(parent_),
        events(history),
        stacks(stack_history) {}
  std::atomic<uint32_t> refs{1};
  const uint64_t id;
  const bool is_main;
  std::atomic<bool> finished{false};
  const StackId created_at;
  GInfo* const parent;  ///< referenced; null for roots
  EventRing events;
  StackLog stacks;  ///< the stacks of its recorded accesses, by epoch

  void ref() { refs.fetch_add(1, std::memory_order_relaxed); }
  /// Drops one reference; frees the chain of creators that become unused
  /// (iteratively: chains can be very long).
  static void unref(GInfo* g);
};

/// Invariants: until `attached`, the goroutine has no slot of its own and
/// its clock's hot entry is its creator's (slot, epoch at `go`); the engine
/// attaches a slot at the goroutine's first event, so goroutines spawned and
/// not yet run do not widen every clock. Once attached, every epoch from
/// `release_floor` on is later than the goroutine's last release (epochs
/// also advance without a release, to give an access a new stack),
/// `logged_epoch` and `logged_stack` are its StackLog's last entry
/// (logged_epoch 0: none) and `recorded_epoch` is the epoch of its last
/// recorded access (0: none).
struct GState : Pooled {
  GState(GInfo* info_, uint32_t stack_depth) : info(info_), stack(stack_depth) {}
  VectorClock clock;      ///< once attached: hot entry = (own slot, current epoch)
  GInfo* info;            ///< referenced
  bool attached = false;  ///< holds a slot (see above)
  int ignore = 0;         ///< > 0: accesses and sync events are ignored
  uint32_t release_floor = 0;
  uint32_t logged_epoch = 0;
  uint32_t recorded_epoch = 0;
  StackId logged_stack = 0;
  ShadowStack stack;
  uint32_t slot() const { return clock.hot_slot(); }
  uint32_t epoch() const { return clock.hot_epoch(); }
};
/// What a goroutine starts from (Engine::spawn): its parent's clock at the
/// `go` statement and its creation facts, written by the parent and read
/// once by the thread that starts the child. One cache line.
struct Spawn : Pooled {
  VectorClock clock;
  GInfo* parent;  ///< referenced; null for roots
  StackId created_at;
};
static_assert(sizeof(Spawn) <= 64, "Spawn outgrew its 64-byte pool block");

// One of each per goroutine: each fits a 128-byte pool block (one byte more
// would take a 256-byte block for every goroutine).
static_assert(sizeof(GState) <= 128, "GState outgrew its 128-byte pool block");
static_assert(sizeof(GInfo) <= 128, "GInfo outgrew its 128-byte pool block");

}  // namespace gorace::analyzer
