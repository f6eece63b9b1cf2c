// Annotations the race plugin reads from runtime headers
// (instrument/README.md). Without the plugin they change nothing.
#pragma once

#if defined(__clang__)
/// Put before a function defined in a runtime header: the race plugin
/// instruments the loads and stores written in its body (not in what it
/// calls) as accesses of the code that calls it, and shows it in no report.
#define GOR_CALLER_CODE [[clang::annotate("gorace_caller_code")]]
/// Put before a runtime header function `void f(Task* task)` that runs a
/// goroutine's task on the goroutine: the object `task` points to (the
/// goroutine's closure, built before the goroutine started and reachable by
/// no other goroutine) is the goroutine's own, so the race plugin does not
/// check the accesses to it inlined into f while `task` does not escape f.
#define GOR_GOROUTINE_ENTRY [[clang::annotate("gorace_goroutine_entry")]]
#else
#define GOR_CALLER_CODE
#define GOR_GOROUTINE_ENTRY
#endif
