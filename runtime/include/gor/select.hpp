// gor::select: Go's select statement. Cases are gor::recv(ch, fn),
// gor::send(ch, value, fn) and gor::default_case(fn):
//
//   gor::select(gor::recv(a, [](int v, bool ok) { ... }),
//               gor::send(b, 42, [] { ... }),
//               gor::default_case([] { ... }));
//
// Blocks until a case can proceed (picking uniformly at random among the
// ready ones), performs it, runs its function and returns the case's index
// (its position in the argument list). Cases on nil channels are never
// ready; a default case makes it non-blocking; select() with no case blocks
// forever. Case objects refer to their channels without owning them: build
// them inside the select call (temporaries such as gor::after(d) live until
// the select returns).
#pragma once

#include <cstdint>
#include <type_traits>
#include <utility>

#include "gor/chan.hpp"
#include "gor/detail/select_core.hpp"

namespace gor {
namespace detail {

/// A case function that does nothing.
struct NoCaseFn {
  template <class... A>
  void operator()(A&&...) const {}
};

template <class T, class Fn>
struct RecvCase {
  ChanCore* c;
  Fn fn;
  Slot<T> slot;
  /// The program's code to the race plugin: the received value (and the
  /// argument fn takes by value) is destroyed here.
  GOR_CALLER_CODE void run(bool received) {
    T v = received ? slot.take() : T{};
    if constexpr (std::is_invocable_v<Fn&, T&&, bool>) {
      fn(std::move(v), received);
    } else if constexpr (std::is_invocable_v<Fn&, T&, bool>) {
      fn(v, received);
    } else if constexpr (std::is_invocable_v<Fn&, T&&>) {
      fn(std::move(v));
    } else if constexpr (std::is_invocable_v<Fn&, T&>) {
      fn(v);
    } else {
      static_assert(std::is_invocable_v<Fn&>, "recv case fn must take (T, bool), (T) or ()");
      fn();
    }
  }
};

template <class T, class Fn>
struct SendCase {
  ChanCore* c;
  T value;
  Fn fn;
  /// A value not sent (another case was chosen) is destroyed here, as the
  /// program's code to the race plugin.
  GOR_CALLER_CODE ~SendCase() {}
  void run(bool) {
    static_assert(std::is_invocable_v<Fn&>, "send case fn must take no arguments");
    fn();
  }
};

template <class Fn>
struct DefaultCase {
  Fn fn;
};

template <class C>
struct IsDefault : std::false_type {};
template <class Fn>
struct IsDefault<DefaultCase<Fn>> : std::true_type {};

template <class C>
void fill_case(C& cs, SelectCase* out, int* n) {
  if constexpr (!IsDefault<C>::value) {
    SelectCase& sc = out[(*n)++];
    sc.c = cs.c;
    if constexpr (requires { cs.value; }) {
      sc.elem = &cs.value;
      sc.is_send = true;
    } else {
      sc.elem = cs.slot.ptr();
      sc.is_send = false;
    }
  }
}

}  // namespace detail

/// A receive case on `ch` (Chan<T> or RecvChan<T>); fn takes (T, bool ok), (T) or ().
template <class T, class Fn = detail::NoCaseFn>
detail::RecvCase<T, std::decay_t<Fn>> recv(const Chan<T>& ch, Fn&& fn = {}) {
  return {ch.core(), std::forward<Fn>(fn), {}};
}
template <class T, class Fn = detail::NoCaseFn>
detail::RecvCase<T, std::decay_t<Fn>> recv(const RecvChan<T>& ch, Fn&& fn = {}) {
  return {ch.core(), std::forward<Fn>(fn), {}};
}
/// A send case of `value` on `ch` (Chan<T> or SendChan<T>); fn takes ().
/// `value` is taken by value so that the operand is read (copied) at the
/// call site, in the caller's instrumented code, as Go's `case ch <- x`
/// reads x: a copy inside this header would be invisible to the detector.
template <class T, class Fn = detail::NoCaseFn>
detail::SendCase<T, std::decay_t<Fn>> send(const Chan<T>& ch, std::type_identity_t<T> value,
                                           Fn&& fn = {}) {
  return {ch.core(), std::move(value), std::forward<Fn>(fn)};
}
template <class T, class Fn = detail::NoCaseFn>
detail::SendCase<T, std::decay_t<Fn>> send(const SendChan<T>& ch, std::type_identity_t<T> value,
                                           Fn&& fn = {}) {
  return {ch.core(), std::move(value), std::forward<Fn>(fn)};
}
/// The default case: taken when no other case is ready.
template <class Fn = detail::NoCaseFn>
detail::DefaultCase<std::decay_t<Fn>> default_case(Fn&& fn = {}) {
  return {std::forward<Fn>(fn)};
}

/// Runs a select over `cases` (see the file comment); returns the index of
/// the case taken.
template <class... Cases>
int select(Cases&&... cases) {
  constexpr int kDefaults = (0 + ... + (detail::IsDefault<std::decay_t<Cases>>::value ? 1 : 0));
  static_assert(kDefaults <= 1, "select: at most one default case");
  constexpr int kChan = static_cast<int>(sizeof...(Cases)) - kDefaults;
  constexpr int kSlots = kChan > 0 ? kChan : 1;
  detail::SelectCase sc[kSlots];
  uint16_t scratch[2 * kSlots];
  alignas(16) unsigned char waiters[detail::kSelectWaiterSize * kSlots];
  int n = 0;
  (detail::fill_case(cases, sc, &n), ...);
  detail::SelectResult r = detail::select_impl(sc, kChan, kDefaults == 0, scratch, waiters);
  // Map the channel-case index back to the argument position and run its fn.
  int arg = 0, chan_i = 0, chosen = -1;
  auto visit = [&](auto& cs) {
    using C = std::decay_t<decltype(cs)>;
    if constexpr (detail::IsDefault<C>::value) {
      if (r.index < 0) {
        chosen = arg;
        cs.fn();
      }
    } else {
      if (chan_i == r.index) {
        chosen = arg;
        cs.run(r.received);
      }
      ++chan_i;
    }
    ++arg;
  };
  (visit(cases), ...);
  return chosen;
}

}  // namespace gor
