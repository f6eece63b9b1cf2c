// How the runtime starts its own threads.
#pragma once

#include <thread>
#include <utility>

#include "race/state.hpp"

namespace gor::detail {

/// Starts `fn` on a new detached thread of the runtime's own (a worker, the
/// poller, a gor::blocking helper). Unlike a program's threads (see
/// race/threads.cpp) it gets no happens-before edge from its creator: it
/// serves many goroutines, none of which its creation orders. Throws
/// std::system_error when no thread can be started.
template <class Fn>
void start_runtime_thread(Fn&& fn) {
  race::ReentryGuard guard;
  std::thread(std::forward<Fn>(fn)).detach();
}

}  // namespace gor::detail
