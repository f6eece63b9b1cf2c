// format_text: Go's -race layout, sizes, atomics, locations, creation chains.
#include <gtest/gtest.h>

#include "gorace/report/writers.hpp"
#include "sample_races.hpp"

namespace gorace::report {
namespace {

TEST(FormatText, MatchesGoLayout) {
  Race r = testing::sample_race();
  std::string text = format_text(r, TextOptions{"/src/"});
  EXPECT_EQ(text,
            "==================\n"
            "WARNING: DATA RACE\n"
            "Write at 0x00c0000b4010 by goroutine 7 (size 8):\n"
            "  main.func1()\n"
            "      prog.cpp:12:5\n"
            "  gor::detail::trampoline()\n"
            "      rt.cpp:40:1\n"
            "\n"
            "Previous read at 0x00c0000b4010 by main goroutine (size 8):\n"
            "  main()\n"
            "      prog.cpp:15:9\n"
            "\n"
            "Location is heap block of size 64 at 0x00c0000b4000 allocated by main goroutine:\n"
            "  main()\n"
            "      prog.cpp:6:14\n"
            "\n"
            "Goroutine 7 (running) created at:\n"
            "  spawn_worker()\n"
            "      prog.cpp:10:3\n"
            "\n"
            "Goroutine 3 (finished) created at:\n"
            "  main()\n"
            "      prog.cpp:8:3\n"
            "==================\n");
}

// Threads outside the scheduler are numbered as TSan numbers them: "thread
// T2" in the access lines, "Thread T2 (...) created at:" for each one whose
// creation was seen; the main thread has none.
TEST(FormatText, ThreadsAreNumberedAndTheirCreationShown) {
  Race r = testing::sample_race();
  r.current.goroutine = 0;
  r.current.thread = 3;
  r.current_chain = {Goroutine{0, false, true, {{"main", "/src/prog.cpp", 20, 3}}, 3},
                     Goroutine{0, false, true, {}, 1}};
  r.previous.goroutine = 0;
  r.previous.thread = 1;
  r.previous_chain = {Goroutine{0, false, true, {}, 1}};
  std::string text = format_text(r, TextOptions{"/src/"});
  EXPECT_NE(text.find("Write at 0x00c0000b4010 by thread T2 (size 8):"), std::string::npos) << text;
  EXPECT_NE(text.find("Previous read at 0x00c0000b4010 by main thread (size 8):"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("Thread T2 (running) created at:\n  main()\n      prog.cpp:20:3\n"),
            std::string::npos)
      << text;
  EXPECT_EQ(text.find("Thread T0"), std::string::npos) << text;
}

TEST(FormatText, SignaturesKeepTheirOwnParameterLists) {
  Race r = testing::sample_race();
  r.current.stack[0].function = "auto ns::f(int)::(anonymous class)::operator()() const";
  r.current.stack[1].function = "Bank::deposit(long)";
  std::string text = format_text(r, {});
  EXPECT_NE(text.find("  auto ns::f(int)::(anonymous class)::operator()() const\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("  Bank::deposit(long)\n"), std::string::npos) << text;
}

// A '(' inside template arguments or a scope is not the frame's own
// parameter list: such frames get "()" as every other.
TEST(FormatText, EveryFrameWithoutItsOwnParameterListGetsParentheses) {
  Race r = testing::sample_race();
  r.current.stack[0].function = "std::__invoke_impl<void, main::$_0::operator()() const>";
  r.current.stack[1].function = "Defer<worker(gor::Chan<bool>)::$_0>::~Defer";
  r.previous.stack[0].function = "std::thread::_Invoker<std::tuple<main::$_1>>::operator()";
  std::string text = format_text(r, {});
  EXPECT_NE(text.find("  std::__invoke_impl<void, main::$_0::operator()() const>()\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("  Defer<worker(gor::Chan<bool>)::$_0>::~Defer()\n"), std::string::npos)
      << text;
  EXPECT_NE(text.find("  std::thread::_Invoker<std::tuple<main::$_1>>::operator()()\n"),
            std::string::npos)
      << text;
}

TEST(FormatText, AtomicGlobalAndStackLocations) {
  Race r = testing::sample_race();
  r.current.is_atomic = true;
  r.location = Location{};
  r.location.kind = Location::Kind::kGlobal;
  r.location.global_name = "counter";
  r.location.block_start = 0x5000;
  r.location.block_size = 4;
  r.location.global_decl = {"", "/src/g.cpp", 3, 0};
  std::string text = format_text(r, TextOptions{});
  EXPECT_NE(text.find("Atomic write at 0x00c0000b4010 by goroutine 7 (size 8):\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("Location is global 'counter' of size 4 at 0x000000005000 (/src/g.cpp:3)\n"),
            std::string::npos)
      << text;

  r.location = Location{};
  r.location.kind = Location::Kind::kStack;
  r.location.stack_goroutine = 7;
  EXPECT_NE(format_text(r, {}).find("Location is stack of goroutine 7.\n"), std::string::npos);
}

TEST(FormatText, SharedCreatorPrintedOnceAndEmptyStackNoted) {
  Race r = testing::sample_race();
  r.previous.goroutine = 3;
  r.previous_chain = {r.current_chain[1], r.current_chain[2]};
  r.previous.stack.clear();
  std::string text = format_text(r, {});
  EXPECT_NE(text.find("Previous read at 0x00c0000b4010 by goroutine 3 (size 8):\n  [failed to "
                      "restore the stack]\n"),
            std::string::npos)
      << text;
  size_t first = text.find("Goroutine 3 (finished) created at:");
  ASSERT_NE(first, std::string::npos);
  EXPECT_EQ(text.find("Goroutine 3 (finished) created at:", first + 1), std::string::npos);
}

// Names and paths from the log cannot drive the terminal: control
// characters (here an OSC title, a screen clear, a colour, a NUL, a C1 CSI)
// and bytes that are not UTF-8 are shown as \xNN; tabs, newlines and valid
// UTF-8 stay.
TEST(FormatText, ControlCharactersAndInvalidUtf8AreEscaped) {
  using namespace std::string_literals;
  Race r = testing::sample_race();
  r.current.stack[0].function = "dep\x1b]0;PWNED\x07\x1b[2J\x1b[31mosit\0\x7f"s;
  r.current.stack[0].file = "/src/caf\xc3\xa9\xc2\x9b\xff\xe2\x82.cpp";
  std::string text = format_text(r, TextOptions{"/src/"});
  EXPECT_NE(text.find("  dep\\x1b]0;PWNED\\x07\\x1b[2J\\x1b[31mosit\\x00\\x7f()\n"
                      "      caf\xc3\xa9\\xc2\\x9b\\xff\\xe2\\x82.cpp:12:5\n"),
            std::string::npos)
      << text;
  for (char c : text) {
    const auto b = static_cast<unsigned char>(c);
    EXPECT_TRUE(b >= 0x20 || c == '\n') << "raw control byte " << int(b);
  }
}

}  // namespace
}  // namespace gorace::report
