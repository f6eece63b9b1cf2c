// gorace's public API in one header: goroutines, channels, select, timers,
// panics, deterministic mode, and (when present) sync, context, net,
// blocking and the race detector's controls.
#pragma once

#include "gor/detail/requires_cxx20.hpp"

#include "gor/chan.hpp"
#include "gor/deterministic.hpp"
#include "gor/panic.hpp"
#include "gor/runtime.hpp"
#include "gor/select.hpp"
#include "gor/time.hpp"

#if __has_include("gor/sync.hpp")
#include "gor/sync.hpp"
#endif
#if __has_include("gor/context.hpp")
#include "gor/context.hpp"
#endif
#if __has_include("gor/net.hpp")
#include "gor/net.hpp"
#endif
#if __has_include("gor/blocking.hpp")
#include "gor/blocking.hpp"
#endif
#if __has_include("gor/race.hpp")
#include "gor/race.hpp"
#endif
