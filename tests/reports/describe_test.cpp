// explain_unordered: the one sentence saying why happens-before does not
// order the two accesses, for each situation it distinguishes.
#include <gtest/gtest.h>

#include "gorace/report/describe.hpp"
#include "sample_races.hpp"

namespace gorace::report {
namespace {

// Goroutine 7's write and goroutine 4's read, both started by main, with no
// sync event in either history.
Race unsynchronized_workers() {
  Race r = testing::sample_race();
  r.current_chain = {Goroutine{7, false, true, {}}, Goroutine{1, true, true, {}}};
  r.previous.goroutine = 4;
  r.previous_chain = {Goroutine{4, false, true, {}}, Goroutine{1, true, true, {}}};
  r.current_events.clear();
  r.previous_events.clear();
  return r;
}

TEST(Explain, NoSynchronizationAtAll) {
  Race r = unsynchronized_workers();
  EXPECT_EQ(
      explain_unordered(r),
      "goroutine 4's read at prog.cpp:15 and goroutine 7's write at prog.cpp:12 are unordered: no "
      "synchronization between them — goroutine 4 released nothing that goroutine 7 acquired after "
      "the read.");
}

// A race inside a library's template is explained at the program's lines
// that called into it, not at the library's.
TEST(Explain, NamesTheProgramsLinesOfAccessesInsideALibrary) {
  Race r = unsynchronized_workers();
  const Frame library{"std::unique_ptr<int>::reset", "/usr/include/c++/12/bits/unique_ptr.h", 201,
                      9};
  r.current.stack.insert(r.current.stack.begin(), library);
  r.previous.stack.insert(r.previous.stack.begin(), library);
  EXPECT_EQ(explain_unordered(r).substr(0, 76),
            "goroutine 4's read at prog.cpp:15 and goroutine 7's write at prog.cpp:12 are");
}

TEST(Explain, CreatorAccessedAfterTheGoStatement) {
  Race r = testing::sample_race();
  r.current_chain = {Goroutine{7, false, true, {{"main", "/src/prog.cpp", 10, 3}}},
                     Goroutine{1, true, true, {}}};
  EXPECT_EQ(explain_unordered(r),
            "main's read at prog.cpp:15 and goroutine 7's write at prog.cpp:12 are unordered: main "
            "started "
            "goroutine 7 (go statement at prog.cpp:10) before the read, and the go statement "
            "orders only what "
            "precedes it; nothing main released after the read was acquired by goroutine 7.");
}

TEST(Explain, SharedSyncObjectReleasedBeforeTheAccess) {
  Race r = testing::sample_race();
  r.previous.goroutine = 4;
  r.previous_chain = {Goroutine{4, false, true, {}}, Goroutine{1, true, true, {}}};
  // sample_race: goroutine 7 received (at :11) what goroutine 4 sent at :9, before its read.
  EXPECT_EQ(explain_unordered(r),
            "goroutine 4's read at prog.cpp:15 and goroutine 7's write at prog.cpp:12 are "
            "unordered: goroutine 7's gor::Chan::recv at prog.cpp:11 acquired only what "
            "goroutine 4 released before its read (gor::Chan::send at prog.cpp:9); goroutine 4 "
            "released nothing afterwards that goroutine 7 acquired.");
}

TEST(Explain, AcquireOfSomethingElse) {
  Race r = testing::sample_race();
  r.previous.goroutine = 4;
  r.previous_chain = {Goroutine{4, false, true, {}}, Goroutine{1, true, true, {}}};
  r.previous_events.clear();
  r.current_events = {SyncEvent{"acquire", "mutex lock", 0x99, 3, {"f", "/src/prog.cpp", 11, 1}}};
  EXPECT_EQ(explain_unordered(r),
            "goroutine 4's read at prog.cpp:15 and goroutine 7's write at prog.cpp:12 are "
            "unordered: goroutine 7's "
            "last acquire (mutex lock at prog.cpp:11) synchronizes with nothing goroutine 4 "
            "released after its "
            "read.");
}

// Main created goroutine 2, then made `acquire`, its last sync event,
// before goroutine 2's read.
Race creator_acquired_too_early(const SyncEvent& acquire) {
  Race r = testing::sample_race();
  r.current.goroutine = 1;
  r.current_chain = {Goroutine{1, true, true, {}}};
  r.previous.goroutine = 2;
  r.previous_chain = {Goroutine{2, false, true, {}}, Goroutine{1, true, true, {}}};
  r.previous_events.clear();
  r.current_events = {acquire};
  return r;
}

// The creator waited, but too early (a WaitGroup.add inside the goroutine
// runs after wait() returned): its acquire is named, not "did not wait".
TEST(Explain, CreatorWaitedBeforeTheRelease) {
  Race r = creator_acquired_too_early(
      SyncEvent{"acquire", "gor::WaitGroup::wait", 0x99, 3, {"main", "/src/prog.cpp", 15, 6}});
  EXPECT_EQ(explain_unordered(r),
            "goroutine 2's read at prog.cpp:15 and main's write at prog.cpp:12 are unordered: "
            "main created goroutine 2, and its last acquire (gor::WaitGroup::wait at "
            "prog.cpp:15) came before goroutine 2 released anything after its read (a "
            "WaitGroup's add must precede the go statement, not run inside the goroutine): "
            "nothing orders the read before main's write.");
}

// The WaitGroup advice is given only when that acquire was a WaitGroup's.
TEST(Explain, CreatorReceivedBeforeTheRelease) {
  Race r = creator_acquired_too_early(
      SyncEvent{"release_acquire", "gor::Chan::send", 0x99, 3, {"main", "/src/prog.cpp", 15, 6}});
  EXPECT_EQ(explain_unordered(r),
            "goroutine 2's read at prog.cpp:15 and main's write at prog.cpp:12 are unordered: "
            "main created goroutine 2, and its last acquire (gor::Chan::send at prog.cpp:15) "
            "came before goroutine 2 released anything after its read: nothing orders the read "
            "before main's write.");
}

// Threads all have goroutine id 0: their numbers tell them apart (two
// threads the main thread started were "an outside thread" that started
// "an outside thread").
TEST(Explain, ThreadsAreToldApartByTheirNumbers) {
  Race r = testing::sample_race();
  auto thread = [](uint64_t number, std::vector<Frame> created_at) {
    Goroutine g;
    g.thread = number;
    g.created_at = std::move(created_at);
    return g;
  };
  r.previous.goroutine = r.current.goroutine = 0;
  r.previous.thread = 2;  // T1
  r.current.thread = 3;   // T2
  const Goroutine main_thread = thread(1, {});
  r.previous_chain = {thread(2, {{"main", "/src/prog.cpp", 20, 3}}), main_thread};
  r.current_chain = {thread(3, {{"main", "/src/prog.cpp", 21, 3}}), main_thread};
  r.current_events.clear();
  r.previous_events.clear();
  EXPECT_EQ(explain_unordered(r),
            "thread T1's read at prog.cpp:15 and thread T2's write at prog.cpp:12 are unordered: "
            "no synchronization between them — thread T1 released nothing that thread T2 "
            "acquired after the read.");
  // The main thread started T2 after its own access.
  r.previous.thread = 1;
  r.previous_chain = {main_thread};
  EXPECT_EQ(explain_unordered(r),
            "the main thread's read at prog.cpp:15 and thread T2's write at prog.cpp:12 are "
            "unordered: the main thread started thread T2 (thread creation at prog.cpp:21) before "
            "the read, and the thread creation orders only what precedes it; nothing the main "
            "thread released after the read was acquired by thread T2.");
}

TEST(Describe, Names) {
  EXPECT_EQ(goroutine_label(1, true), "main goroutine");
  EXPECT_EQ(goroutine_label(7, false), "goroutine 7");
  EXPECT_EQ(goroutine_label(0, false), "thread");
  EXPECT_EQ(goroutine_label(0, false, 1), "main thread");  // TSan's numbering, plus one
  EXPECT_EQ(goroutine_label(0, false, 4), "thread T3");
  EXPECT_EQ(goroutine_short(0, false, 4), "thread T3");
  EXPECT_EQ(goroutine_short(0, false, 1), "the main thread");
  EXPECT_EQ(goroutine_short(0, false), "an outside thread");
  EXPECT_EQ(frame_position({"f", "/src/a.cpp", 3, 0}, "/src/"), "a.cpp:3");
  EXPECT_EQ(frame_position({"f", "/src/a.cpp", 3, 4}, "/other/"), "/src/a.cpp:3:4");
  EXPECT_EQ(frame_position({"f", "", 0, 0}, ""), "??");
}

}  // namespace
}  // namespace gorace::report
