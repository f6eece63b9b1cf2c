// Context's tree of cancelable nodes (see gor/context.hpp). Each
// with_cancel/with_timeout context is a cancel node with its own done
// channel; a with_value context is a value node that shares its nearest
// cancel ancestor (its `anchor`). A canceled node closes its channel,
// cancels its children, and leaves its parent's child set.
#include "gor/context.hpp"

#include <unordered_set>
#include <vector>

#include "detail/runtime_shared.hpp"
#include "gor/detail/race_hooks.hpp"
#include "gor/detail/sched.hpp"
#include "gor/detail/spinlock.hpp"
#include "gor/time.hpp"

namespace gor {
namespace detail {

struct ContextNode : std::enable_shared_from_this<ContextNode> {
  // Structure, fixed at creation.
  std::shared_ptr<ContextNode> parent;  // null under background
  ContextNode* anchor = nullptr;        // the cancel node giving done/err (self for cancel nodes)
  std::optional<Time> deadline;         // from with_timeout, here or above
  bool is_value = false;                // a with_value node: key and value are set
  std::string key;
  std::any value;
  // Cancel nodes only: the done channel. A runtime-owned handle, not a
  // variable of the program, so kept as a bare reference (its reads and
  // writes are not reported to the race detector, unlike a gor::Chan's).
  ChanRef done;

  // Cancellation state (cancel nodes only). Invariant: err is set exactly
  // when done is closed; children holds the registered, uncanceled children.
  SpinLock lock;
  ContextError err GOR_GUARDED_BY(lock);
  std::unordered_set<std::shared_ptr<ContextNode>> children GOR_GUARDED_BY(lock);
  std::optional<Timer> timer GOR_GUARDED_BY(lock);

  ~ContextNode() {
    if (timer) timer->stop();
    race::sync_reset(this);
    release_ancestors();
  }

  // Drops this node's reference to its parent, and in a loop (not by the
  // recursion of their destructors, which a chain of thousands of contexts
  // would overflow a goroutine's stack with) each ancestor's to its own
  // parent while that reference was the ancestor's last. An ancestor with a
  // pending deadline timer keeps its parent: the timer may still take a
  // reference to it (a weak_ptr's lock()), so it is left to its destructor.
  void release_ancestors() {
    std::shared_ptr<ContextNode> up = std::move(parent);
    while (up != nullptr && up.use_count() == 1) {
      {
        SpinGuard guard(up->lock);
        if (up->timer) break;
      }
      std::shared_ptr<ContextNode> next = std::move(up->parent);
      up.reset();  // destroys it; its parent was taken out first
      up = std::move(next);
    }
  }

  // Cancels this cancel node and its subtree with `why`; with
  // `detach`, also unregisters it from its parent's anchor. Returns only
  // once the whole subtree is canceled, even when another canceler (this
  // node's timer, its own CancelFunc, an ancestor's cascade) got here first:
  // the children stay registered until the first canceler has canceled them,
  // and a later caller cancels them too (idempotently) instead of returning.
  // The subtree is walked with a work list, not by recursion: a chain of
  // thousands of contexts would overflow a goroutine's stack.
  void cancel(bool detach, ContextError why) {
    const auto self = shared_from_this();  // detaching may drop the last other reference
    std::vector<std::pair<std::shared_ptr<ContextNode>, ContextError>> work{{self, why}};
    std::vector<std::shared_ptr<ContextNode>> first_canceled;  // their children are cleared last
    bool self_first = false;
    while (!work.empty()) {
      auto [node, node_why] = std::move(work.back());
      work.pop_back();
      bool first = false;
      if (!node->cancel_one(node_why, first, work)) continue;
      if (node == self) self_first = first;
      if (first) first_canceled.push_back(std::move(node));
    }
    for (const auto& node : first_canceled) {
      SpinGuard guard(node->lock);
      node->children.clear();
    }
    if (detach && self_first && parent != nullptr && parent->anchor != nullptr) {
      ContextNode* p = parent->anchor;
      SpinGuard guard(p->lock);
      p->children.erase(self);
    }
  }

  // cancel() for this node alone: cancels it with `why` unless it already
  // was (`first` says whether this call did) and adds its registered
  // children to `work`. Returns false when there is nothing more to do
  // here (already canceled, no children left).
  bool cancel_one(ContextError why, bool& first,
                  std::vector<std::pair<std::shared_ptr<ContextNode>, ContextError>>& work) {
    std::optional<Timer> pending;
    ContextError e;
    {
      SpinGuard guard(lock);
      first = !err;
      if (first) {
        race::release(this, "gor::CancelFunc");
        err = why;
        chan_close(done.get());
        pending.swap(timer);
      } else if (children.empty()) {
        return false;
      }
      e = err;
      for (const auto& child : children) work.emplace_back(child, e);
    }
    if (pending) pending->stop();
    return true;
  }

  ContextError current_err() {
    ContextError e;
    {
      SpinGuard guard(lock);
      e = err;
    }
    if (e) race::acquire(this, "gor::Context::err");
    return e;
  }
};

namespace {

// Makes a cancel node under `parent` and ties it to the parent's
// cancellation (canceling it now if the parent is already done).
std::shared_ptr<ContextNode> new_cancel_node(const std::shared_ptr<ContextNode>& parent,
                                             std::optional<Time> deadline) {
  auto node = make_runtime_shared<ContextNode>();
  node->parent = parent;
  node->anchor = node.get();
  node->deadline = deadline;
  node->done = ChanRef(chan_make(&kElemOps<std::monostate>, 0));
  ContextNode* up = parent != nullptr ? parent->anchor : nullptr;
  if (up == nullptr) return node;  // background is never canceled
  ContextError parent_err;
  {
    SpinGuard guard(up->lock);
    parent_err = up->err;
    if (!parent_err) up->children.insert(node);
  }
  if (parent_err) {
    race::acquire(up, "gor::Context::err");
    node->cancel(false, parent_err);
  }
  return node;
}

}  // namespace
}  // namespace detail

RecvChan<std::monostate> Context::done() const {
  const std::shared_ptr<detail::ContextNode>& node = node_.get();
  if (node == nullptr || node->anchor == nullptr) return RecvChan<std::monostate>();
  return RecvChan<std::monostate>(node->anchor->done);
}

ContextError Context::err() const {
  detail::sched_point();  // `for ctx.Err() == nil {}` polls: let the canceller run
  const std::shared_ptr<detail::ContextNode>& node = node_.get();
  if (node == nullptr || node->anchor == nullptr) return ContextError();
  return node->anchor->current_err();
}

std::optional<Time> Context::deadline() const {
  const std::shared_ptr<detail::ContextNode>& node = node_.get();
  return node != nullptr ? node->deadline : std::nullopt;
}

const std::any* Context::value(std::string_view key) const {
  for (const detail::ContextNode* n = node_.get().get(); n != nullptr; n = n->parent.get()) {
    if (n->is_value && n->key == key) return &n->value;
  }
  return nullptr;
}

void CancelFunc::operator()() const {
  if (const std::shared_ptr<detail::ContextNode>& node = node_.get()) node->cancel(true, canceled);
}

Context background() {
  return Context();
}
Context todo() {
  return Context();
}

std::pair<Context, CancelFunc> with_cancel(const Context& parent) {
  auto node = detail::new_cancel_node(parent.node_.get(), parent.deadline());
  return {Context(node), CancelFunc(node)};
}

std::pair<Context, CancelFunc> with_timeout_ns(const Context& parent, int64_t timeout_ns) {
  const Time start = now();
  if (timeout_ns <= 0) return with_deadline(parent, start);  // already expired
  const bool overflows = timeout_ns >= (Time::max() - start).count();
  return with_deadline(parent,
                       overflows ? Time::max() : start + std::chrono::nanoseconds(timeout_ns));
}

std::pair<Context, CancelFunc> with_deadline(const Context& parent, Time deadline) {
  if (std::optional<Time> inherited = parent.deadline(); inherited && *inherited <= deadline) {
    return with_cancel(parent);  // the parent's sooner deadline governs
  }
  auto node = detail::new_cancel_node(parent.node_.get(), deadline);
  // Compared, not subtracted first: a deadline centuries past (Time::min())
  // minus now would overflow into the future.
  const Time start = now();
  if (deadline <= start) {
    node->cancel(true, deadline_exceeded);
    return {Context(node), CancelFunc(node)};
  }
  const auto left = deadline - start;
  std::weak_ptr<detail::ContextNode> weak = node;
  Timer timer = after_func(left, [weak] {
    if (auto n = weak.lock()) n->cancel(true, deadline_exceeded);
  });
  bool already_done;
  {
    detail::SpinGuard guard(node->lock);
    already_done = static_cast<bool>(node->err);  // the parent was canceled meanwhile
    if (!already_done) node->timer.emplace(std::move(timer));
  }
  if (already_done) timer.stop();
  return {Context(node), CancelFunc(node)};
}

Context with_value(const Context& parent, std::string key, std::any value) {
  auto node = detail::make_runtime_shared<detail::ContextNode>();
  const std::shared_ptr<detail::ContextNode>& parent_node = parent.node_.get();
  node->parent = parent_node;
  node->anchor = parent_node != nullptr ? parent_node->anchor : nullptr;
  node->deadline = parent.deadline();
  node->is_value = true;
  node->key = std::move(key);
  node->value = std::move(value);
  return Context(node);
}

}  // namespace gor
