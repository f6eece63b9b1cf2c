// Clang -Wthread-safety annotations (no-ops on other compilers).
#pragma once

#if defined(__clang__)
#define GOR_TSA(x) __attribute__((x))
#else
#define GOR_TSA(x)
#endif

#define GOR_CAPABILITY(name) GOR_TSA(capability(name))
#define GOR_SCOPED_CAPABILITY GOR_TSA(scoped_lockable)
#define GOR_GUARDED_BY(mu) GOR_TSA(guarded_by(mu))
#define GOR_PT_GUARDED_BY(mu) GOR_TSA(pt_guarded_by(mu))
#define GOR_REQUIRES(...) GOR_TSA(requires_capability(__VA_ARGS__))
#define GOR_EXCLUDES(...) GOR_TSA(locks_excluded(__VA_ARGS__))
#define GOR_ACQUIRE(...) GOR_TSA(acquire_capability(__VA_ARGS__))
#define GOR_RELEASE(...) GOR_TSA(release_capability(__VA_ARGS__))
#define GOR_TRY_ACQUIRE(...) GOR_TSA(try_acquire_capability(__VA_ARGS__))
#define GOR_NO_THREAD_SAFETY_ANALYSIS GOR_TSA(no_thread_safety_analysis)
#define GOR_REQUIRES_SHARED(...) GOR_TSA(requires_shared_capability(__VA_ARGS__))
#define GOR_ACQUIRE_SHARED(...) GOR_TSA(acquire_shared_capability(__VA_ARGS__))
#define GOR_RELEASE_SHARED(...) GOR_TSA(release_shared_capability(__VA_ARGS__))
#define GOR_TRY_ACQUIRE_SHARED(...) GOR_TSA(try_acquire_shared_capability(__VA_ARGS__))
