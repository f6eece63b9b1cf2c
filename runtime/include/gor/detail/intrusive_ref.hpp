// IntrusiveRef: an owning handle of a runtime object that counts its own
// references (a channel, a timer).
#pragma once

#include <utility>

namespace gor::detail {

/// Owns one reference to a T counted by the object itself: Retain(p) adds
/// one, Release(p) drops one (freeing the object at the last). Copies share
/// the object; null is the empty handle.
template <class T, void (*Retain)(T*) noexcept, void (*Release)(T*) noexcept>
class IntrusiveRef {
 public:
  IntrusiveRef() = default;
  /// Takes over a reference the caller holds.
  explicit IntrusiveRef(T* adopt) noexcept : p_(adopt) {}
  IntrusiveRef(const IntrusiveRef& o) noexcept : p_(o.p_) {
    if (p_ != nullptr) Retain(p_);
  }
  IntrusiveRef(IntrusiveRef&& o) noexcept : p_(std::exchange(o.p_, nullptr)) {}
  IntrusiveRef& operator=(IntrusiveRef o) noexcept {
    std::swap(p_, o.p_);
    return *this;
  }
  ~IntrusiveRef() {
    if (p_ != nullptr) Release(p_);
  }
  /// The object (null for the empty handle); the handle keeps owning it.
  T* get() const noexcept { return p_; }
  /// The handle's pointer variable itself, for code that reads it as its
  /// own access (see ChanBase::core()); get() reads it in this header.
  T* const& pointer() const noexcept { return p_; }

 private:
  T* p_ = nullptr;
};

}  // namespace gor::detail
