// sync_panic: raises gor::Panic (see sync/sync_panic.hpp).
#include "sync/sync_panic.hpp"

#include "gor/panic.hpp"

namespace gor::detail {

void sync_panic(const char* msg) {
  throw Panic(msg);
}

}  // namespace gor::detail
