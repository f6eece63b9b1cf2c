// Fatal errors, unrecovered panics, deadlock reports and the stack overflow
// signal handler. All output goes to stderr with write(2) so it works from a
// signal handler and never interleaves with a half-flushed stdio buffer.
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <mutex>
#include <string>
#include <vector>

#include "race/report_sink.hpp"
#include "race/traceback.hpp"
#include "sched/sched_impl.hpp"

namespace gor::detail {
namespace {

void write_str(const char* s) {
  size_t n = strlen(s);
  while (n > 0) {
    ssize_t k = write(2, s, n);
    if (k <= 0) return;
    s += k;
    n -= static_cast<size_t>(k);
  }
}

// Writes v in `base` (10 or 16), without a prefix.
void write_number(uint64_t v, unsigned base) {
  char buf[24];
  char* p = buf + sizeof(buf) - 1;
  *p = '\0';
  do {
    *--p = "0123456789abcdef"[v % base];
    v /= base;
  } while (v != 0);
  write_str(p);
}

void write_u64(uint64_t v) {
  write_number(v, 10);
}

void write_hex(uint64_t v) {
  write_str("0x");
  write_number(v, 16);
}

// A worker's signal stack. Fatal signals write the race reports and their
// HTML page on it (committed as the pages are touched).
constexpr size_t kAltStackSize = 256 * 1024;

// Only one thread prints a fatal report; the others wait to be killed.
std::atomic<bool> g_dying{false};

void begin_dying() {
  if (g_dying.exchange(true)) {
    for (;;) pause();
  }
  fflush(stdout);
}

// Ends the process by `sig` with its default action, as if gorace had not
// caught it.
[[noreturn]] void die_by(int sig) {
  signal(sig, SIG_DFL);
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, sig);
  pthread_sigmask(SIG_UNBLOCK, &set, nullptr);
  raise(sig);
  _exit(128 + sig);
}

// SIGALRM of the watchdog that a dying signal handler arms: the reports could
// not be finished in time (the handler waits on a lock its own thread holds:
// abort() inside malloc), so the process dies by that signal now.
std::atomic<int> g_watched_signal{0};

void on_watchdog(int) {
  die_by(g_watched_signal.load(std::memory_order_acquire));
}

// Makes sure a signal handler that writes the reports before `sig` ends the
// process cannot hang: after kWatchdogSeconds, SIGALRM ends it by `sig`.
void arm_watchdog(int sig) {
  constexpr int kWatchdogSeconds = 10;
  g_watched_signal.store(sig, std::memory_order_release);
  struct sigaction sa {};
  sa.sa_handler = &on_watchdog;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGALRM, &sa, nullptr);
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGALRM);
  pthread_sigmask(SIG_UNBLOCK, &set, nullptr);
  alarm(kWatchdogSeconds);
}

const char* reason_name(WaitReason r) {
  switch (r) {
    case WaitReason::kChanSend:
      return "chan send";
    case WaitReason::kChanRecv:
      return "chan receive";
    case WaitReason::kSelect:
      return "select";
    case WaitReason::kSelectNoCases:
      return "select (no cases)";
    case WaitReason::kNilChan:
      return "chan receive (nil chan)";
    case WaitReason::kNilChanSend:
      return "chan send (nil chan)";
    case WaitReason::kSleep:
      return "sleep";
    case WaitReason::kMutex:
      return "sync.Mutex.Lock";
    case WaitReason::kRWMutex:
      return "sync.RWMutex.Lock";
    case WaitReason::kRWMutexR:
      return "sync.RWMutex.RLock";
    case WaitReason::kWaitGroup:
      return "sync.WaitGroup.Wait";
    case WaitReason::kCond:
      return "sync.Cond.Wait";
    case WaitReason::kIOWait:
      return "IO wait";
    case WaitReason::kBlockingCall:
      return "syscall";
    case WaitReason::kOther:
      return "waiting";
  }
  return "waiting";
}

void goroutine_header(const G* g, const char* state) {
  write_str("\ngoroutine ");
  write_u64(goid_of(g));
  write_str(" [");
  write_str(state);
  write_str("]:\n");
}

// The signals a goroutine's faulting instruction raises, and the program's
// own disposition of each from before install_signal_handlers().
struct FaultSignal {
  int sig;
  const char* name;
  const char* description;  ///< as Go's signal table words it
  struct sigaction previous;
};
FaultSignal g_fault_signals[] = {
    {SIGSEGV, "SIGSEGV", "segmentation violation", {}},
    {SIGBUS, "SIGBUS", "bus error", {}},
    {SIGFPE, "SIGFPE", "floating-point exception", {}},
    {SIGILL, "SIGILL", "illegal instruction", {}},
};

FaultSignal& fault_signal(int sig) {
  for (FaultSignal& f : g_fault_signals)
    if (f.sig == sig) return f;
  return g_fault_signals[0];
}

// Ends a fatal report whose message is written: running goroutine g and its
// stack (race detection on; for a memory fault at `*fault_addr`, from the
// access that faulted where the detector recorded it), the race reports
// found so far (their HTML page too), and exit 2.
[[noreturn]] void die_after_message(const G* g, const uintptr_t* fault_addr = nullptr) {
  goroutine_header(g, "running");
  if (fault_addr != nullptr) {
    race::write_fault_traceback(*fault_addr, 2);
  } else {
    race::write_traceback(2);
  }
  race::finish_reports();
  _exit(2);
}

// The faulting instruction's address.
uint64_t fault_pc(const ucontext_t* context) {
#if defined(__x86_64__)
  return static_cast<uint64_t>(context->uc_mcontext.gregs[REG_RIP]);
#elif defined(__aarch64__)
  return context->uc_mcontext.pc;
#else
  (void)context;
  return 0;
#endif
}

// Whether the signal was sent (kill, raise) rather than raised by a
// faulting instruction: its si_addr is then no address.
bool sent(const siginfo_t* info) {
  return info->si_code <= 0;
}

// The panic message of a fault Go turns into a run-time panic, or null for
// one it treats as fatal (an address outside the first page: "unexpected
// fault address"; an illegal instruction).
const char* panic_of(int sig, const siginfo_t* info) {
  if (sig == SIGSEGV && reinterpret_cast<uintptr_t>(info->si_addr) < 4096)
    return "invalid memory address or nil pointer dereference";
  if (sig != SIGFPE) return nullptr;
  switch (info->si_code) {
    case FPE_INTDIV:
      return "integer divide by zero";
    case FPE_INTOVF:
      return "integer overflow";
    default:
      return "floating point error";
  }
}

// A goroutine's fault signal that no handler of the program's takes, as Go
// reports it: a nil dereference or an arithmetic fault panics, a fault at
// another address is a fatal fault, an illegal instruction or a signal sent
// by kill() names the signal (then die_after_message).
[[noreturn]] void die_of_fault(int sig, const siginfo_t* info, const void* uctx, const G* g) {
  arm_watchdog(sig);  // a fault inside malloc leaves its lock held
  begin_dying();
  const FaultSignal& f = fault_signal(sig);
  const uint64_t pc = fault_pc(static_cast<const ucontext_t*>(uctx));
  if (sent(info) || sig == SIGILL) {
    write_str(f.name);
    write_str(": ");
    write_str(f.description);
    write_str("\nPC=");
    write_hex(pc);
    write_str(" sigcode=");
    if (info->si_code < 0) write_str("-");
    write_u64(static_cast<uint64_t>(info->si_code < 0 ? -static_cast<int64_t>(info->si_code)
                                                      : info->si_code));
    write_str("\n");
    die_after_message(g);
  }
  const auto addr = reinterpret_cast<uintptr_t>(info->si_addr);
  if (const char* panic = panic_of(sig, info)) {
    write_str("panic: runtime error: ");
    write_str(panic);
    write_str("\n");
  } else {
    write_str("unexpected fault address ");
    write_hex(addr);
    write_str("\nfatal error: fault\n");
  }
  write_str("[signal ");
  write_str(f.name);
  write_str(": ");
  write_str(f.description);
  write_str(" code=");
  write_hex(static_cast<uint64_t>(info->si_code));
  write_str(" addr=");
  write_hex(addr);
  write_str(" pc=");
  write_hex(pc);
  write_str("]\n");
  die_after_message(g, sig == SIGSEGV || sig == SIGBUS ? &addr : nullptr);
}

// A fault signal, on a worker's alternate stack: a fault in the guard
// region below the running goroutine's stack is a stack overflow; one on a
// goroutine is reported as Go does (die_of_fault) unless the program handles
// the signal; any other goes to the program's disposition.
void on_fault(int sig, siginfo_t* info, void* uctx) {
  Worker* w = this_worker();
  G* g = w != nullptr ? w->curg : nullptr;
  if (g != nullptr && g->stack.lo != nullptr && !sent(info) && (sig == SIGSEGV || sig == SIGBUS)) {
    auto addr = reinterpret_cast<uintptr_t>(info->si_addr);
    auto lo = reinterpret_cast<uintptr_t>(g->stack.lo);
    if (addr < lo + 256 && addr + stack_guard_size() + 65536 >= lo) {
      begin_dying();
      write_str("runtime: goroutine stack exceeds ");
      write_u64(g->stack.size);
      write_str("-byte limit\nfatal error: stack overflow\n");
      goroutine_header(g, "running");
      _exit(2);
    }
  }
  const struct sigaction& prev = fault_signal(sig).previous;
  const bool default_action = (prev.sa_flags & SA_SIGINFO) == 0 &&
                              (prev.sa_handler == SIG_DFL || prev.sa_handler == nullptr);
  if (g != nullptr && default_action) die_of_fault(sig, info, uctx, g);
  // Not ours: hand to the previous disposition.
  if ((prev.sa_flags & SA_SIGINFO) != 0 && prev.sa_sigaction != nullptr) {
    prev.sa_sigaction(sig, info, uctx);
    return;
  }
  if (prev.sa_handler != SIG_DFL && prev.sa_handler != SIG_IGN && prev.sa_handler != nullptr) {
    prev.sa_handler(sig);
    return;
  }
  if (prev.sa_handler == SIG_IGN && sent(info)) return;
  // The default action: a faulting instruction re-executes and kills the
  // process; a sent signal is raised again, delivered when this returns.
  signal(sig, SIG_DFL);
  if (sent(info)) raise(sig);
}

}  // namespace

void fatal(const char* msg) {
  begin_dying();
  write_str("fatal error: ");
  write_str(msg);
  write_str("\n");
  if (G* g = current_g()) goroutine_header(g, "running");
  race::finish_reports();
  _exit(2);
}

namespace {

// Prints "<what><msg>", goroutine g and its stack (race detection on),
// writes the race reports, and exits 2.
[[noreturn]] void die_running(const char* what, const char* msg, const G* g) {
  begin_dying();
  write_str(what);
  write_str(msg);
  write_str("\n");
  die_after_message(g);
}

std::terminate_handler g_prev_terminate = nullptr;

// std::terminate on a goroutine: an exception nobody catches (g_entry does
// not catch, so the unwinder finds no handler and the C++ runtime calls
// this at the throw, its stack intact) is Go's unrecovered panic.
[[noreturn]] void on_terminate() {
  G* g = current_g();
  if (g == nullptr) {  // a thread outside the scheduler: as without gorace
    if (g_prev_terminate != nullptr) g_prev_terminate();
    std::abort();
  }
  std::exception_ptr thrown = std::current_exception();
  if (thrown == nullptr)
    die_running("fatal error: ", "std::terminate called without an active exception", g);
  std::string what = "unknown C++ exception";
  try {
    std::rethrow_exception(thrown);
  } catch (const std::exception& e) {
    what = e.what();
  } catch (...) {
  }
  die_panic(what.c_str(), g);
}

}  // namespace

void die_panic(const char* msg, const G* g) {
  die_running("panic: ", msg, g);
}

void install_terminate_handler() {
  static std::once_flag once;
  std::call_once(once, [] { g_prev_terminate = std::set_terminate(on_terminate); });
}

void report_deadlock(Sched* s) {
  begin_dying();
  write_str("fatal error: all goroutines are asleep - deadlock!\n");
  // Every goroutine of this run, as Go's traceback lists them (by id, so
  // main first): what it waits for and, with race detection on, where.
  struct Parked {
    Sched* sched;
    std::vector<G*> goroutines;
  } parked{s, {}};
  for_each_g(
      [](G* g, void* context) {
        auto* p = static_cast<Parked*>(context);
        if (g->sched == p->sched && !g->foreign &&
            g->status.load(std::memory_order_acquire) == GStatus::kParked) {
          p->goroutines.push_back(g);
        }
      },
      &parked);
  std::sort(parked.goroutines.begin(), parked.goroutines.end(),
            [](const G* a, const G* b) { return a->id < b->id; });
  for (G* g : parked.goroutines) {
    goroutine_header(g, reason_name(g->wait_reason));
    race::write_traceback_of(g, 2);
  }
  race::finish_reports();
  _exit(2);
}

namespace {

// A terminating signal (SIGINT, SIGTERM, SIGHUP) that the poller is to act
// on, or 0.
std::atomic<int> g_pending_signal{0};

// SIGINT, SIGTERM or SIGHUP, on any thread: handed to the poller (through
// its eventfd, async-signal-safe), which writes the race reports found so
// far, and their HTML page, before the signal ends the process (a server
// stopped with Ctrl-C keeps its report). Without a running scheduler, the
// signal's default action at once.
void on_terminating_signal(int sig) {
  Sched* s = g_current_sched.load(std::memory_order_acquire);
  if (s == nullptr || s->evfd < 0 || s->stopping.load(std::memory_order_acquire)) die_by(sig);
  g_pending_signal.store(sig, std::memory_order_release);
  const uint64_t one = 1;
  ssize_t written = write(s->evfd, &one, sizeof one);
  (void)written;
}

// SIGABRT from abort() (a failed assert(), std::terminate outside a
// goroutine), when the program left its default action: names the goroutine
// that aborted and its stack, as Go does for SIGABRT, writes the race
// reports found so far and their HTML page, then dies by SIGABRT (status 134
// and a core dump where enabled, as without gorace).
void on_abort(int sig) {
  arm_watchdog(sig);
  if (g_dying.exchange(true)) {
    for (;;) pause();  // another thread writes the reports and exits
  }
  if (const G* g = current_g()) {
    write_str("SIGABRT: abort\n");
    goroutine_header(g, "running");
    race::write_traceback(2);
  }
  race::finish_reports();
  die_by(sig);
}

}  // namespace

void handle_pending_signal() {
  const int sig = g_pending_signal.load(std::memory_order_acquire);
  if (sig == 0) return;
  race::finish_reports();
  die_by(sig);
}

void install_signal_handlers() {
  static std::once_flag once;
  std::call_once(once, [] {
    struct sigaction sa {};
    sa.sa_sigaction = &on_fault;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigemptyset(&sa.sa_mask);
    for (FaultSignal& f : g_fault_signals) sigaction(f.sig, &sa, &f.previous);
    // Only where the program left the default action (it may handle them).
    for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGABRT}) {
      struct sigaction current {};
      if (sigaction(sig, nullptr, &current) != 0 || current.sa_handler != SIG_DFL ||
          (current.sa_flags & SA_SIGINFO) != 0) {
        continue;
      }
      struct sigaction stop {};
      stop.sa_handler = sig == SIGABRT ? &on_abort : &on_terminating_signal;
      // abort() runs the handler on the goroutine's stack, which the
      // reports could overflow: a worker's signal stack takes it.
      stop.sa_flags = SA_RESTART | (sig == SIGABRT ? SA_ONSTACK : 0);
      sigemptyset(&stop.sa_mask);
      sigaction(sig, &stop, nullptr);
    }
  });
}

void* setup_thread_signals() {
  void* m =
      mmap(nullptr, kAltStackSize, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  // Without it a goroutine's stack overflow would die with no message.
  if (m == MAP_FAILED) fatal("cannot map a worker thread's signal stack");
  stack_t ss{};
  ss.ss_sp = m;
  ss.ss_size = kAltStackSize;
  if (sigaltstack(&ss, nullptr) != 0) fatal("cannot install a worker thread's signal stack");
  return m;
}

void teardown_thread_signals(void* altstack) {
  if (altstack == nullptr) return;
  stack_t ss{};
  ss.ss_flags = SS_DISABLE;
  sigaltstack(&ss, nullptr);
  munmap(altstack, kAltStackSize);
}

}  // namespace gor::detail
