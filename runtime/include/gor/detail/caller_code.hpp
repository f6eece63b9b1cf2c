// GOR_CALLER_CODE: marks a runtime header function whose own accesses the
// race plugin checks as the calling program's (instrument/README.md).
#pragma once

/// Put before a function defined in a runtime header: the race plugin
/// instruments the loads and stores written in its body (not in what it
/// calls) as accesses of the code that calls it, and shows it in no report.
/// Without the plugin it changes nothing.
#if defined(__clang__)
#define GOR_CALLER_CODE [[clang::annotate("gorace_caller_code")]]
#else
#define GOR_CALLER_CODE
#endif
