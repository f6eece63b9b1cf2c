/* The ABI between code instrumented by the gorace Clang plugin and the gorace
 * runtime. The plugin emits calls to these functions; the runtime library
 * defines them. Bump GORACE_ABI_VERSION on any incompatible change: a module
 * built against another version is refused at start-up with a clear error.
 *
 * Thread-safety: every entry point may be called from any goroutine or
 * thread at any time, including before gor::main starts. */
#ifndef GOR_RACE_ABI_H_
#define GOR_RACE_ABI_H_

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define GORACE_ABI_VERSION 1

/* A static source position, emitted by the plugin as a private constant per
 * instrumented access and per call site. `function` is a readable name
 * ("main.func1", "Account::deposit"). For code inlined into its caller,
 * `inlined_at` is the call site in the caller (a frame of its own in reports);
 * it is null for the outermost (physical) frame. Never freed, never written. */
struct __gorace_loc {
  const char* function;
  const char* file;
  uint32_t line;
  uint32_t column;
  const struct __gorace_loc* inlined_at;
};

/* A global variable of an instrumented module, for "Location is global 'x'". */
struct __gorace_global {
  const void* address;
  uint64_t size;
  const char* name;
  const char* file;
  uint32_t line;
};

/* Called by a constructor of every instrumented module before main.
 * Turns race detection on. Aborts with a clear message if `abi_version`
 * differs from GORACE_ABI_VERSION. */
void __gorace_module_init(uint32_t abi_version);

/* Registers the instrumented globals of a module (array lives forever). */
void __gorace_register_globals(const struct __gorace_global* globals, size_t count);

/* Plain accesses, called before the access. `addr` need not be aligned. */
void __gorace_read1(const void* addr, const struct __gorace_loc* loc);
void __gorace_read2(const void* addr, const struct __gorace_loc* loc);
void __gorace_read4(const void* addr, const struct __gorace_loc* loc);
void __gorace_read8(const void* addr, const struct __gorace_loc* loc);
void __gorace_read16(const void* addr, const struct __gorace_loc* loc);
void __gorace_write1(void* addr, const struct __gorace_loc* loc);
void __gorace_write2(void* addr, const struct __gorace_loc* loc);
void __gorace_write4(void* addr, const struct __gorace_loc* loc);
void __gorace_write8(void* addr, const struct __gorace_loc* loc);
void __gorace_write16(void* addr, const struct __gorace_loc* loc);
/* A store of `value` into an object's vtable pointer at `addr` (a
 * constructor or destructor), before it happens: a write only when it
 * changes the pointer, as TSan's __tsan_vptr_update. A destructor first
 * stores the vtable pointer already there (the most derived class's): no
 * access, so a virtual call the destructor then waits for does not race it. */
void __gorace_vptr_update(void* addr, const void* value, const struct __gorace_loc* loc);
/* Range accesses of any size (memcpy, memmove, memset, large vectors). */
void __gorace_read_range(const void* addr, size_t size, const struct __gorace_loc* loc);
void __gorace_write_range(void* addr, size_t size, const struct __gorace_loc* loc);
/* A loop's accesses of `element` bytes each (the instruction at `loc` run on
 * every iteration, its address stepping by `element`), checked at once
 * before the loop: `size` bytes from `addr`, the lowest address. A race is
 * reported at the racing element, as the access of that iteration would. */
void __gorace_read_elements(const void* addr, size_t size, size_t element,
                            const struct __gorace_loc* loc);
void __gorace_write_elements(void* addr, size_t size, size_t element,
                             const struct __gorace_loc* loc);

/* C library functions whose accesses run in uninstrumented libc, checked
 * after the call from its arguments and result (see __gorace_libc_call). */
enum __gorace_libc_function {
  GORACE_LIBC_STRLEN = 1,  /* a = s */
  GORACE_LIBC_STRNLEN,     /* a = s, n */
  GORACE_LIBC_STRCMP,      /* a, b */
  GORACE_LIBC_STRNCMP,     /* a, b, n */
  GORACE_LIBC_STRCPY,      /* a = destination, b = source */
  GORACE_LIBC_STPCPY,      /* a = destination, b = source */
  GORACE_LIBC_STRNCPY,     /* a = destination, b = source, n */
  GORACE_LIBC_STRCAT,      /* a = destination, b = source */
  GORACE_LIBC_STRNCAT,     /* a = destination, b = source, n */
  GORACE_LIBC_STRCHR,      /* a = s */
  GORACE_LIBC_STRRCHR,     /* a = s */
  GORACE_LIBC_STRSTR,      /* a = haystack, b = needle */
  GORACE_LIBC_MEMCHR,      /* a = s, n */
  GORACE_LIBC_MEMCMP,      /* a, b, n (also bcmp) */
  GORACE_LIBC_STRDUP,      /* a = s */
  GORACE_LIBC_STRNDUP,     /* a = s, n */
  GORACE_LIBC_SPRINTF,     /* a = destination (also vsprintf) */
  GORACE_LIBC_SNPRINTF,    /* a = destination, n (also vsnprintf) */
  GORACE_LIBC_READ,        /* a = buffer filled (read, pread, recv), n */
  GORACE_LIBC_WRITE,       /* a = buffer sent (write, pwrite, send), n */
  GORACE_LIBC_READV,       /* a = struct iovec array filled in order (readv, preadv), n = count */
  GORACE_LIBC_WRITEV,      /* a = struct iovec array sent in order (writev, pwritev), n = count */
  GORACE_LIBC_PUTS,        /* a = s (also fputs): read through its terminator */
  GORACE_LIBC_FWRITE,      /* a = buffer, n = item size; result = items written */
  GORACE_LIBC_FREAD,       /* a = buffer, n = item size; result = items read */
  GORACE_LIBC_FGETS,       /* a = buffer; result = a, or null when nothing was read */
  GORACE_LIBC_STRCASECMP,  /* a, b (strcmp ignoring case) */
  GORACE_LIBC_STRNCASECMP, /* a, b, n */
  GORACE_LIBC_STRSPN,      /* a = s, b = set; result = the span's length (also strcspn) */
  GORACE_LIBC_STRPBRK,     /* a = s, b = set; result = the match or null */
  GORACE_LIBC_PATHS, /* a, b = strings read whole (path names: open, fopen, rename); null: none */
  GORACE_LIBC_STAT,  /* a = path (null for fstat), b = struct stat written; result 0 on success */
  GORACE_LIBC_REALPATH, /* a = path, b = buffer or null; result = the resolved name or null */
  GORACE_LIBC_TIME_R    /* a = time_t, b = struct tm written (localtime_r, gmtime_r); result = b or
                           null */
};
/* After a call at `loc` of C library function `function` with arguments a,
 * b and n (those it has; the others 0) that returned `result` (a pointer or
 * an integer, as intptr_t): checks the bytes the call read and wrote, as
 * ThreadSanitizer's interceptors do (comparisons up to the first difference,
 * searches up to the match). Unknown values of `function` are ignored. */
void __gorace_libc_call(uint32_t function, const void* a, const void* b, size_t n, intptr_t result,
                        const struct __gorace_loc* loc);
/* Before a call of C library function `function` (see __gorace_libc_call):
 * for GORACE_LIBC_WRITE, the write releases (merges) the goroutine's clock
 * into the one I/O clock that every successful GORACE_LIBC_READ acquires, as
 * Go's syscall.Write and syscall.Read do (ioSync): data written to a pipe,
 * socket or file and read back orders the writer before the reader (the
 * same for GORACE_LIBC_WRITEV and GORACE_LIBC_READV). Other functions are
 * ignored. */
void __gorace_libc_before(uint32_t function);

/* Before a call of a printf-family function at `loc` (printf, fprintf,
 * dprintf, sprintf, snprintf, asprintf and their _FORTIFY_SOURCE forms):
 * `format` and the call's variadic arguments, as the call passes them. Checks
 * the bytes the call will read through them: the format, and each %s (%ls,
 * %S) string up to its terminator or precision; a %n is a write of its
 * integer. Stops at a positional argument (%1$s) or a conversion it does not
 * know, checking nothing after it. */
void __gorace_format_args(const char* format, const struct __gorace_loc* loc, ...);
/* The same for the va_list forms (vprintf, vfprintf, vsnprintf, ...): `args`
 * is the call's va_list, which is copied, not consumed. */
void __gorace_vformat_args(const char* format, va_list args, const struct __gorace_loc* loc);
/* After a call of a scanf-family function at `loc` (scanf, fscanf, sscanf
 * and their C99 names) that returned `assigned`: `format`, the input string
 * (sscanf's; null for a stream) and the call's variadic arguments. Checks
 * the format and input as read, and as written what the call's first
 * `assigned` assigning conversions stored: an integer, floating-point number
 * or pointer by its length modifier, a %s or %[ string through its
 * terminator, %c's characters, %ms's pointer, and %n's integer. Stops at a
 * positional argument or a conversion it does not know. */
void __gorace_scan_args(const char* format, const char* input, intptr_t assigned,
                        const struct __gorace_loc* loc, ...);

/* Atomic operations (std::atomic, std::atomic_ref, __atomic builtins).
 * An atomic access never races another atomic access, but races a plain one.
 * Synchronisation follows the C++ memory order: an operation that acquires
 * joins the address's sync clock into the goroutine's (G ⊔= S); a
 * read-modify-write that releases joins the goroutine's into it (S ⊔= G: it
 * continues the release sequence), a store that releases replaces it
 * (S := G: it heads a new one, as in Go's -race and TSan); relaxed ones
 * only access (a relaxed store leaves the clock, as in TSan).
 *
 * The plugin replaces each atomic load, store, read-modify-write and
 * compare-exchange of 1, 2, 4 or 8 bytes (integer, pointer or floating-point
 * value, naturally aligned, system sync scope) by a call that performs the
 * instruction in the runtime, as ThreadSanitizer does: under the address's
 * sync-clock lock, together with its clock work, so the clocks follow the
 * order in which the instructions took effect (two RMWs can no longer
 * interleave "instruction A, release B, acquire A" and give A the clock of B,
 * which came after it: B10 in tests/gosuite/README.md). Relaxed operations
 * take no lock.
 *
 * `mo` (and `success_mo`/`failure_mo`) is the C ABI memory order:
 * __ATOMIC_RELAXED 0, __ATOMIC_CONSUME 1 (as acquire), __ATOMIC_ACQUIRE 2,
 * __ATOMIC_RELEASE 3, __ATOMIC_ACQ_REL 4, __ATOMIC_SEQ_CST 5; it must be
 * valid for the operation (no release load, no acquire store, a failure
 * order that is no release). Values are passed and returned as unsigned
 * integers of the operation's size (the plugin bit-casts pointers and
 * floating-point values). The operation's one access is recorded before the
 * instruction when it may release (so the released clock covers it; a
 * compare-exchange whose success order releases records a write even if it
 * fails), else after it (an acquire's access then counts the acquired
 * clock; a failed compare-exchange is a read).
 *  - load: returns the value;
 *  - store: stores `value`;
 *  - exchange, fetch_add, fetch_sub, fetch_and, fetch_or, fetch_xor,
 *    fetch_nand, fetch_max, fetch_min (signed), fetch_umax, fetch_umin
 *    (unsigned): LLVM's atomicrmw operations; return the previous value;
 *  - compare_exchange: a strong compare-exchange (also used for weak ones,
 *    which may but need not fail spuriously); returns the value read, so it
 *    succeeded iff the result equals `expected`; a failed one synchronises
 *    as its failure order says. */
#define GORACE_DECLARE_ATOMICS(N, T)                                                             \
  T __gorace_atomic##N##_load(const void* addr, int32_t mo, const struct __gorace_loc* loc);     \
  void __gorace_atomic##N##_store(void* addr, T value, int32_t mo,                               \
                                  const struct __gorace_loc* loc);                               \
  T __gorace_atomic##N##_exchange(void* addr, T value, int32_t mo,                               \
                                  const struct __gorace_loc* loc);                               \
  T __gorace_atomic##N##_fetch_add(void* addr, T value, int32_t mo,                              \
                                   const struct __gorace_loc* loc);                              \
  T __gorace_atomic##N##_fetch_sub(void* addr, T value, int32_t mo,                              \
                                   const struct __gorace_loc* loc);                              \
  T __gorace_atomic##N##_fetch_and(void* addr, T value, int32_t mo,                              \
                                   const struct __gorace_loc* loc);                              \
  T __gorace_atomic##N##_fetch_or(void* addr, T value, int32_t mo,                               \
                                  const struct __gorace_loc* loc);                               \
  T __gorace_atomic##N##_fetch_xor(void* addr, T value, int32_t mo,                              \
                                   const struct __gorace_loc* loc);                              \
  T __gorace_atomic##N##_fetch_nand(void* addr, T value, int32_t mo,                             \
                                    const struct __gorace_loc* loc);                             \
  T __gorace_atomic##N##_fetch_max(void* addr, T value, int32_t mo,                              \
                                   const struct __gorace_loc* loc);                              \
  T __gorace_atomic##N##_fetch_min(void* addr, T value, int32_t mo,                              \
                                   const struct __gorace_loc* loc);                              \
  T __gorace_atomic##N##_fetch_umax(void* addr, T value, int32_t mo,                             \
                                    const struct __gorace_loc* loc);                             \
  T __gorace_atomic##N##_fetch_umin(void* addr, T value, int32_t mo,                             \
                                    const struct __gorace_loc* loc);                             \
  T __gorace_atomic##N##_compare_exchange(void* addr, T expected, T desired, int32_t success_mo, \
                                          int32_t failure_mo, const struct __gorace_loc* loc);
GORACE_DECLARE_ATOMICS(1, uint8_t)
GORACE_DECLARE_ATOMICS(2, uint16_t)
GORACE_DECLARE_ATOMICS(4, uint32_t)
GORACE_DECLARE_ATOMICS(8, uint64_t)
#undef GORACE_DECLARE_ATOMICS

/* Atomic operations the runtime does not perform, as hooks beside the
 * instruction (which then may interleave with another goroutine's, see
 * above): 16-byte operations, floating-point read-modify-writes (fadd, fsub,
 * fmax, fmin), LLVM's uinc_wrap/udec_wrap, vectors, misaligned or
 * single-thread-scope atomics.
 *  - __gorace_atomic_release: before a store, RMW or cmpxchg with release
 *    semantics or stronger: an atomic write access, then release_merge on
 *    the address's sync clock (for a store too: these rare operations keep
 *    the earlier releases, which may hide a race but reports none that
 *    is not one);
 *  - __gorace_atomic_acquire: after a load, RMW or cmpxchg with acquire
 *    semantics or stronger: acquire from the address's sync clock, and an
 *    atomic read access;
 *  - __gorace_atomic_sync_acquire: after an RMW or cmpxchg with acquire
 *    semantics or stronger: acquire only. The operation's atomic write was
 *    recorded before it (by __gorace_atomic_release, or by
 *    __gorace_atomic_access when it does not release): one atomic
 *    operation is one access, at the epoch before its release;
 *  - __gorace_atomic_access: a relaxed access, no synchronisation. */
void __gorace_atomic_release(void* addr, uint32_t size, const struct __gorace_loc* loc);
void __gorace_atomic_acquire(const void* addr, uint32_t size, const struct __gorace_loc* loc);
void __gorace_atomic_sync_acquire(const void* addr);
void __gorace_atomic_access(const void* addr, uint32_t size, int is_write,
                            const struct __gorace_loc* loc);

/* Guards of function-local statics, at the calls of the C++ ABI's guard
 * functions in instrumented code:
 *  - __gorace_guard_acquired: after __cxa_guard_acquire, with its result
 *    (non-zero: this goroutine now runs the initializer). Acquires the
 *    guard's clock, as an atomic read of its first byte: the initializer's
 *    writes happen before every use of the static. While it initializes,
 *    the goroutine is not switched out at scheduling points: another
 *    goroutine reaching the guard would block its worker;
 *  - __gorace_guard_release: before __cxa_guard_release: releases the
 *    guard's clock (an atomic write) and ends the initialization;
 *  - __gorace_guard_abort: before __cxa_guard_abort (the initializer threw):
 *    ends the initialization. */
void __gorace_guard_acquired(const void* guard, int initializing, const struct __gorace_loc* loc);
void __gorace_guard_release(void* guard, const struct __gorace_loc* loc);
void __gorace_guard_abort(void* guard);

/* Shadow call stack. Every instrumented function calls __gorace_func_enter on
 * entry and __gorace_func_exit on every exit (return, unwind). func_enter
 * returns this activation's call-site slot: before each call the function
 * stores the call site's __gorace_loc there (a plain store, no call), so the
 * stack of any access is the chain of call-site slots plus the access's own
 * loc. The slot stays valid until the matching func_exit. */
const struct __gorace_loc** __gorace_func_enter(void);
void __gorace_func_exit(void);
/* Called after each return of a setjmp-like call (one that returns twice)
 * with the caller's slot from func_enter: a longjmp back into the caller
 * skipped the func_exit of the frames it left, so the shadow stack drops
 * them. */
void __gorace_func_resume(const struct __gorace_loc** slot);

#ifdef __cplusplus
}
#endif

#endif /* GOR_RACE_ABI_H_ */
