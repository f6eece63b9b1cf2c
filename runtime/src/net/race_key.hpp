// Sync addresses for the race detector's edges between the two ends of a
// TCP connection in the same process.
#pragma once

#include <cstdint>

namespace gor::net::detail {

/// The sync address for the bytes flowing from the socket bound to port
/// `from` to the socket bound to port `to`. The writer uses (local, peer),
/// the reader (peer, local), so both ends of a loopback connection agree.
const void* race_key(uint16_t from, uint16_t to);

}  // namespace gor::net::detail
