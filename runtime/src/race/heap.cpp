// Heap blocks: the runtime replaces malloc/free/calloc/realloc/memalign/
// aligned_alloc/posix_memalign and the global operator new/delete (all
// variants) so that, while detection is on, every block's size, allocating
// goroutine and stack are known ("Location is heap block ...") and a freed
// block is marked written and its shadow reset when the memory is handed
// out again (no false races when the allocator reuses it).
// With detection off the cost is one relaxed load per call.
//
// Registry: a padded block (padded_block.hpp: the blocks of 1-64 KiB a
// program churns through most) keeps its entry in its header, so its
// malloc and free touch no shared map; a report finds it by looking at the
// headers before the address. Other blocks smaller than kRegion bytes are
// kept in the shard of the region (addr / kRegion) where they start,
// regions hashed over the shards; a lookup checks the address's region and
// the one before. Larger blocks live in one separate map.
#include <malloc.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>
#include <new>

#include "globals.hpp"
#include "gor/detail/spinlock.hpp"
#include "node_arena.hpp"
#include "padded_block.hpp"
#include "real_function.hpp"
#include "state.hpp"

namespace gor::detail::race {
namespace {

constexpr uintptr_t kRegion = 1 << 16;
constexpr size_t kShards = 256;

using BlockMap = std::map<uintptr_t, HeapEntry, std::less<>,
                          NodeArenaAllocator<std::pair<const uintptr_t, HeapEntry>>>;

struct alignas(64) Shard {
  SpinLock lock;
  NodeArena nodes GOR_GUARDED_BY(lock);  ///< the memory of `blocks`' nodes
  BlockMap blocks GOR_GUARDED_BY(lock){BlockMap::allocator_type(&nodes)};
};

Shard* shards() {
  static Shard* s = new Shard[kShards + 1];  // the last one holds large blocks
  return s;
}
/// The shard of the blocks starting in region `region` (addr / kRegion).
/// Hashed: the C library gives each thread's arena a heap aligned to 64
/// MiB, so a plain `region % kShards` put every thread's first blocks in
/// the same few shards, and 16 threads contended for their locks.
Shard& region_shard(uintptr_t region) {
  constexpr unsigned kShardBits = 8;
  static_assert(kShards == size_t{1} << kShardBits);
  return shards()[(region * 0x9E3779B97F4A7C15ull) >> (64 - kShardBits)];
}
Shard& shard_for_start(uintptr_t start, size_t size) {
  return size >= kRegion ? shards()[kShards] : region_shard(start / kRegion);
}

bool lookup(Shard& s, uintptr_t addr, HeapBlock& out) {
  SpinGuard guard(s.lock);
  auto it = s.blocks.upper_bound(addr);
  if (it == s.blocks.begin()) return false;
  --it;
  if (addr >= it->first + (it->second.size > 0 ? it->second.size : 1)) return false;
  out = it->second.at(it->first);
  return true;
}

/// Copies the header that would precede a padded block at `start` into
/// `out`; false if that memory cannot be read. A report's search looks at
/// memory it does not own (the heap's start, a guard page, a mapping being
/// trimmed), so it reads through the kernel, which fails where a load would
/// fault.
bool read_header(uintptr_t start, PaddedHeader& out) {
  iovec local{&out, sizeof out};
  iovec remote{reinterpret_cast<void*>(start - sizeof out), sizeof out};
  return process_vm_readv(getpid(), &local, 1, &remote, 1, 0) == static_cast<ssize_t>(sizeof out);
}

/// The live, tracked padded block holding `addr`, found by its header: the
/// nearest block start at or below `addr` (on the padded blocks' alignment)
/// whose header holds a valid entry covering `addr`. Headers are cleared at
/// free, so none of an earlier block is taken. Memory that cannot be read
/// ends the search: a block holding `addr` is readable from its header on.
bool find_padded_block(uintptr_t addr, HeapBlock& out) {
  const uintptr_t lowest = addr > kPaddedMaxSize ? addr - kPaddedMaxSize : 0;
  for (uintptr_t start = addr & ~(kPaddedMinAlign - 1); start > lowest; start -= kPaddedMinAlign) {
    PaddedHeader h;
    if (!read_header(start, h)) return false;
    if ((h.tag & kPaddedTag) == 0 || h.check != header_check(start, h.entry.size)) continue;
    if (addr >= start + (h.entry.size > 0 ? h.entry.size : 1))
      return false;  // the nearest block ends before
    out = h.entry.at(start);
    return true;
  }
  return false;
}

/// Whether glibc's malloc made the live block at `p` with a mapping of its
/// own, which freeing it unmaps: the IS_MMAPPED bit of the size word of its
/// chunk (just before the C library's block, see padded_block.hpp).
bool mapped_by_libc(void* p) {
  constexpr size_t kIsMmapped = 0x2;
  return (static_cast<const size_t*>(unpadded(p))[-1] & kIsMmapped) != 0;
}

}  // namespace

void heap_allocated(void* p, size_t size, const char* zeroed_by) {
  ReentryGuard guard;
  Engine* e = g_engine.load(std::memory_order_acquire);
  GState* s = current_state();
  HeapBlock b{reinterpret_cast<uintptr_t>(p), size, Engine::goroutine_id(s),
              Engine::thread_number(s), e->stack_at(s, nullptr)};
  // A new block has no history (the allocator may hand out freed memory
  // whose free was not seen).
  e->range_reset(b.start, size);
  if (zeroed_by != nullptr) {
    // Its first kZeroedMarked bytes at most: a huge zeroed array the
    // program touches only in part would otherwise cost all its shadow.
    constexpr size_t kZeroedMarked = 64 * 1024;
    StackId stack = e->intern(b.stack, operation_frame(zeroed_by, __FILE__, __LINE__));
    e->access_at(s, b.start, std::min(size, kZeroedMarked), gorace::analyzer::kWrite, stack);
  }
  if (padding(p) != 0) {
    PaddedHeader& h = header_of(p);
    h.entry = HeapEntry::of(b);
    h.check = header_check(b.start, b.size);
    return;
  }
  Shard& sh = shard_for_start(b.start, size);
  SpinGuard lock(sh.lock);
  sh.blocks[b.start] = HeapEntry::of(b);
}

namespace {

/// Takes the entry of live block `p` out of the registry into `b`; false
/// if the block is not tracked.
bool forget_block(void* p, HeapBlock& b) {
  const auto start = reinterpret_cast<uintptr_t>(p);
  if (padding(p) != 0) {
    PaddedHeader& h = header_of(p);
    if (h.check != header_check(start, h.entry.size)) return false;
    b = h.entry.at(start);
    h.check = 0;
    return true;
  }
  for (Shard* sh : {&region_shard(start / kRegion), &shards()[kShards]}) {
    SpinGuard lock(sh->lock);
    auto it = sh->blocks.find(start);
    if (it != sh->blocks.end()) {
      b = it->second.at(start);
      sh->blocks.erase(it);
      return true;
    }
  }
  return false;
}

/// The block this thread is freeing, while its free is checked: a race
/// reported at the free names the block, which the registry has let go.
thread_local const HeapBlock* t_freeing = nullptr;

}  // namespace

void heap_freed(void* p, const char* what) {
  if (p == nullptr) return;
  ReentryGuard guard;
  HeapBlock b;
  if (!forget_block(p, b)) return;
  Engine* e = g_engine.load(std::memory_order_acquire);
  GState* s = current_state();
  // The free is a write over the block's granules that have history: an
  // access racing it is reported, including a later use by a goroutine not
  // ordered after the free. Granules nobody accessed are skipped (marking
  // every freed block would cost shadow pages for all the heap's churn), so a
  // first access after the free by an unordered goroutine goes unreported.
  // The history is reset when the memory is allocated again.
  if (b.size > 0) {
    StackId stack = e->intern(e->stack_at(s, nullptr), operation_frame(what, __FILE__, __LINE__));
    t_freeing = &b;
    e->access_at(s, b.start, b.size, gorace::analyzer::kWrite | gorace::analyzer::kIfTracked,
                 stack);
    t_freeing = nullptr;
    // The block's sync objects (a shared_ptr's counts, a mutex) die with it.
    e->sync_range_reset(b.start, b.size);
    // A block the C library mapped on its own is unmapped by the free, with
    // a munmap the runtime does not see: its shadow goes now, as at munmap
    // (a later mapping there is new memory, and the shadow would stay
    // resident meanwhile). The block is still live here.
    if (mapped_by_libc(p)) e->range_release(b.start, b.size);
  }
}

bool find_heap_block(uintptr_t addr, HeapBlock& out) {
  if (t_freeing != nullptr && addr - t_freeing->start < t_freeing->size) {
    out = *t_freeing;
    return true;
  }
  const uintptr_t region = addr / kRegion;
  return lookup(region_shard(region), addr, out) ||
         (region > 0 && lookup(region_shard(region - 1), addr, out)) ||
         lookup(shards()[kShards], addr, out) || find_padded_block(addr, out);
}

}  // namespace gor::detail::race

// --- interception ------------------------------------------------------------
// malloc and friends are replaced (glibc supports interposing them; the real
// allocator is reached through its __libc_* entry points), and operator
// new/delete route to them, so every heap block of the process is seen.

extern "C" {
void* __libc_malloc(size_t size);
void __libc_free(void* p);
void* __libc_calloc(size_t n, size_t size);
void* __libc_realloc(void* p, size_t size);
void* __libc_memalign(size_t align, size_t size);
}

namespace {

using gor::detail::race::heap_allocated;
using gor::detail::race::heap_freed;
using gor::detail::race::tracking;

// While tracking, blocks of kAlignedFrom bytes up to kAlignedUpTo from
// malloc, new, realloc and calloc start on a 128-byte boundary: the shadow
// keeps a whole 128-byte unit of a buffer that is only ever accessed whole
// in one record (analyzer/src/shadow.hpp), and a block starting mid-unit
// would leave a unit at each end checked granule by granule. Blocks of
// kRunAlignedFrom bytes or more start on a 1 KiB boundary, where the
// shadow's runs of eight units (one record per KiB) start. They are padded
// blocks (padded_block.hpp): the padding, header included, costs at most
// 160 bytes, resp. 1056. Larger blocks are left as they are: their two
// part units matter little, and the C library maps them on their own.
constexpr size_t kAlignedFrom = 1024;
constexpr size_t kUnitAlign = gor::detail::race::kPaddedMinAlign;
constexpr size_t kRunAlignedFrom = 4096;
constexpr size_t kRunAlign = 1024;
constexpr size_t kAlignedUpTo = gor::detail::race::kPaddedMaxSize;

/// A block of `size` bytes aligned to `align` (a power of two; 0 for
/// malloc's).
inline void* allocate(size_t size, size_t align = 0) {
  if (align > alignof(std::max_align_t)) return __libc_memalign(align, size);
  if (size < kAlignedFrom || size > kAlignedUpTo || !tracking()) return __libc_malloc(size);
  const size_t unit = size >= kRunAlignedFrom ? kRunAlign : kUnitAlign;
  size_t request = 0;
  if (!gor::detail::race::padded_request(size, unit, request)) return nullptr;
  void* raw = __libc_malloc(request);
  return raw != nullptr ? gor::detail::race::pad(raw, unit) : nullptr;
}

/// Gives block `p` (not null) back to the C library.
inline void release(void* p) {
  __libc_free(gor::detail::race::unpadded(p));
}

/// The C library's malloc_usable_size (replaced below for padded blocks).
size_t libc_usable_size(void* p) {
  static const auto real =
      gor::detail::race::real_function_as<size_t (*)(void*)>("malloc_usable_size");
  return real(p);
}

/// Records block `p` of `size` bytes, zeroed by `zeroed_by` (see
/// heap_allocated).
inline void* track(void* p, size_t size, const char* zeroed_by = nullptr) {
  if (p != nullptr && tracking()) [[unlikely]]
    heap_allocated(p, size, zeroed_by);
  return p;
}

/// Forgets `p` before it is freed.
inline void untrack(void* p, const char* what) {
  if (p != nullptr && tracking()) [[unlikely]]
    heap_freed(p, what);
}

void* new_impl(size_t size, size_t align, bool nothrow) {
  if (size == 0) size = 1;
  void* p = allocate(size, align);
  if (p == nullptr) {
    if (nothrow) return nullptr;
    throw std::bad_alloc();
  }
  return track(p, size);
}

void delete_impl(void* p) noexcept {
  if (p == nullptr) return;
  untrack(p, "operator delete");
  release(p);
}

}  // namespace

extern "C" {

void* malloc(size_t size) {
  return track(allocate(size), size);
}
void free(void* p) {
  if (p == nullptr) return;
  untrack(p, "free");
  release(p);
}
void* calloc(size_t n, size_t size) {
  // Aligned as malloc's blocks (compilers turn malloc + memset into calloc)
  // well below the size from which the C library maps blocks on its own,
  // fresh zeroed pages that need no memset.
  constexpr size_t kCallocAlignedUpTo = 64 * 1024;
  size_t bytes = 0;
  if (!__builtin_mul_overflow(n, size, &bytes) && bytes >= kAlignedFrom &&
      bytes <= kCallocAlignedUpTo && tracking()) {
    void* p = allocate(bytes);
    if (p != nullptr) std::memset(p, 0, bytes);
    return track(p, bytes, "calloc");
  }
  return track(__libc_calloc(n, size), n * size, "calloc");
}
void* realloc(void* p, size_t size) {
  if (p == nullptr) return track(allocate(size), size);
  const bool padded = gor::detail::race::padding(p) != 0;
  if (!tracking() && !padded) return __libc_realloc(p, size);
  if (size == 0) {  // glibc frees the block
    free(p);
    return nullptr;
  }
  // As TSan's: a new block, the bytes copied, the old block freed (a write
  // over it). A failure leaves the old block untouched, and the old memory
  // goes back to the C library only after its free is recorded. A padded
  // block is moved so even with detection off: the C library's realloc
  // takes only its own blocks.
  void* q = allocate(size);
  if (q == nullptr) return nullptr;
  const size_t old_size = malloc_usable_size(p);
  std::memcpy(q, p, old_size < size ? old_size : size);
  track(q, size);
  free(p);
  return q;
}
size_t malloc_usable_size(void* p) {
  if (p == nullptr) return 0;
  const size_t padding = gor::detail::race::padding(p);
  return libc_usable_size(static_cast<char*>(p) - padding) - padding;
}
void* memalign(size_t align, size_t size) {
  return track(__libc_memalign(align, size), size);
}
void* aligned_alloc(size_t align, size_t size) {
  return track(__libc_memalign(align, size), size);
}
int posix_memalign(void** out, size_t align, size_t size) {
  if (align < sizeof(void*) || (align & (align - 1)) != 0) return 22;  // EINVAL
  void* p = __libc_memalign(align, size);
  if (p == nullptr) return 12;  // ENOMEM
  *out = track(p, size);
  return 0;
}

}  // extern "C"

void* operator new(size_t size) {
  return new_impl(size, 0, false);
}
void* operator new[](size_t size) {
  return new_impl(size, 0, false);
}
void* operator new(size_t size, const std::nothrow_t&) noexcept {
  return new_impl(size, 0, true);
}
void* operator new[](size_t size, const std::nothrow_t&) noexcept {
  return new_impl(size, 0, true);
}
void* operator new(size_t size, std::align_val_t a) {
  return new_impl(size, static_cast<size_t>(a), false);
}
void* operator new[](size_t size, std::align_val_t a) {
  return new_impl(size, static_cast<size_t>(a), false);
}
void* operator new(size_t size, std::align_val_t a, const std::nothrow_t&) noexcept {
  return new_impl(size, static_cast<size_t>(a), true);
}
void* operator new[](size_t size, std::align_val_t a, const std::nothrow_t&) noexcept {
  return new_impl(size, static_cast<size_t>(a), true);
}
void operator delete(void* p) noexcept {
  delete_impl(p);
}
void operator delete[](void* p) noexcept {
  delete_impl(p);
}
void operator delete(void* p, size_t) noexcept {
  delete_impl(p);
}
void operator delete[](void* p, size_t) noexcept {
  delete_impl(p);
}
void operator delete(void* p, const std::nothrow_t&) noexcept {
  delete_impl(p);
}
void operator delete[](void* p, const std::nothrow_t&) noexcept {
  delete_impl(p);
}
void operator delete(void* p, std::align_val_t) noexcept {
  delete_impl(p);
}
void operator delete[](void* p, std::align_val_t) noexcept {
  delete_impl(p);
}
void operator delete(void* p, size_t, std::align_val_t) noexcept {
  delete_impl(p);
}
void operator delete[](void* p, size_t, std::align_val_t) noexcept {
  delete_impl(p);
}
void operator delete(void* p, std::align_val_t, const std::nothrow_t&) noexcept {
  delete_impl(p);
}
void operator delete[](void* p, std::align_val_t, const std::nothrow_t&) noexcept {
  delete_impl(p);
}
