// Per-descriptor netpoll state shared by netpoll.cpp and the poller thread.
#pragma once

#include <cstdint>

namespace gor::detail {

struct PollDesc;
/// Called by the poller thread for an epoll event on pd.
void netpoll_ready(PollDesc* pd, uint32_t events);

}  // namespace gor::detail
